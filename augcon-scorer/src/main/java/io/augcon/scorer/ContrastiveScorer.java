package io.augcon.scorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.TextEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The trained contrastive scorer: a frozen text encoder and a small MLP head over features of the
 * context and query vectors ({@link FeatureLayout}). {@code s(C, q) = w2 . relu(W1 x(c, q) + b1) + b2},
 * an unbounded real number, higher for a better query. Scoring runs in plain Java (no native
 * engine); vectors of contexts and queries are cached for the scorer's life, so a context shared
 * by many candidates is encoded once.
 *
 * <pre>{@code
 * TrainedScorer trained = ScorerTrainer.builder().encoder(Encoders.byName("bge-small-zh")).build().train(pairs);
 * ContrastiveScorer scorer = trained.scorer();
 * scorer.save(Path.of("scorer.json"));
 * ContrastiveScorer again = ContrastiveScorer.load(Path.of("scorer.json"));   // encoder from the file
 * double[] scores = again.score(candidates);                                     // as a QueryScorer
 * }</pre>
 *
 * <h2>File format</h2>
 * One UTF-8 JSON object: {@code format} ("augcon-contrastive-scorer"), {@code version} (1),
 * {@code encoder} (its id), {@code dimension}, {@code features}, {@code hidden}, {@code activation}
 * ("relu"), {@code loss}, {@code report} (the {@link TrainingReport}) and {@code weights}: W1
 * (hidden x width, row-major), b1, w2, b2 as little-endian float32 in base64, with the SHA-256 of
 * those bytes (w1, b1, w2, b2 in that order).
 */
public final class ContrastiveScorer implements PairScorer {
    /** The value of the file's {@code format} field. */
    public static final String FORMAT = "augcon-contrastive-scorer";
    /** The file format version this class writes and reads. */
    public static final int VERSION = 1;

    private static final int BLOCK = 256; // pairs whose features are built and scored together
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TextEncoder encoder;
    private final String encoderId;
    private final int dimension;
    private final FeatureLayout features;
    private final ContrastiveLoss loss;
    private final Mlp head;
    private final TrainingReport report;
    private final String id;

    ContrastiveScorer(TextEncoder encoder, String encoderId, int dimension, FeatureLayout features,
                      ContrastiveLoss loss, Mlp head, TrainingReport report) {
        this.encoder = Encoded.cached(Objects.requireNonNull(encoder, "encoder"));
        this.encoderId = Objects.requireNonNull(encoderId, "encoderId");
        if (!encoderId.equals(encoder.id())) {
            throw new EncoderMismatchException("this scorer", encoderId, encoder.id());
        }
        this.dimension = dimension;
        this.features = Objects.requireNonNull(features, "features");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.head = Objects.requireNonNull(head, "head");
        this.report = Objects.requireNonNull(report, "report");
        if (head.inputs != features.width(dimension)) {
            throw new IllegalArgumentException("head takes " + head.inputs + " inputs but " + features
                    + " at dimension " + dimension + " gives " + features.width(dimension));
        }
        this.id = "contrastive/" + encoderId + "/" + head.sha256().substring(0, 12);
    }

    @Override
    public double[] score(List<String> contexts, List<String> queries) {
        float[][][] v = Encoded.pairs(encoder, contexts, queries);
        double[] scores = new double[contexts.size()];
        int block = Math.min(BLOCK, scores.length);
        float[] x = new float[block * head.inputs];
        double[] out = new double[block];
        for (int from = 0; from < scores.length; from += block) {
            int rows = Math.min(block, scores.length - from);
            for (int r = 0; r < rows; r++) {
                checkDimension(v[0][from + r]);
                checkDimension(v[1][from + r]);
                features.fill(v[0][from + r], v[1][from + r], x, r * head.inputs);
            }
            head.scoreRows(x, rows, out);
            System.arraycopy(out, 0, scores, from, rows);
        }
        return scores;
    }

    private void checkDimension(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalStateException("encoder " + encoder.id() + " returned a vector of dimension "
                    + vector.length + " but scorer " + id + " was trained on dimension " + dimension);
        }
    }

    /** {@code contrastive/<encoder id>/<first 12 hex digits of the weights' SHA-256>}. */
    @Override
    public String id() {
        return id;
    }

    /** The id of the encoder this scorer was trained with. */
    public String encoderId() {
        return encoderId;
    }

    /** The dimension of the encoder's vectors. */
    public int dimension() {
        return dimension;
    }

    /** The feature layout of the head's input. */
    public FeatureLayout features() {
        return features;
    }

    /** The loss the head was trained with. */
    public ContrastiveLoss loss() {
        return loss;
    }

    /** Width of the hidden layer. */
    public int hiddenUnits() {
        return head.hidden;
    }

    /** How the head was trained. */
    public TrainingReport report() {
        return report;
    }

    /** Writes this scorer to {@code file} (replacing it) in the format described above. */
    public void save(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("encoder", encoderId);
        root.put("dimension", dimension);
        root.put("features", features.name());
        root.put("hidden", head.hidden);
        root.put("activation", "relu");
        root.put("loss", loss.name());
        root.set("report", JSON.valueToTree(report));
        ObjectNode weights = root.putObject("weights");
        weights.put("encoding", "float32-le-base64");
        weights.put("sha256", head.sha256());
        weights.put("w1", base64(head.w1));
        weights.put("b1", base64(head.b1));
        weights.put("w2", base64(head.w2));
        weights.put("b2", base64(new float[] {head.b2}));
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Loads a saved scorer with the encoder named in the file ({@link Encoders#byName}).
     *
     * @throws ScorerFileException when the file is not a scorer file, has an unknown version or is damaged
     */
    public static ContrastiveScorer load(Path file) throws IOException {
        JsonNode root = readRoot(file);
        String encoderId = text(root, "encoder", file);
        TextEncoder encoder;
        try {
            encoder = Encoders.byName(encoderId);
        } catch (IllegalArgumentException e) {
            throw new ScorerFileException(file, "was trained with encoder '" + encoderId
                    + "', which is not bundled; load it with ContrastiveScorer.load(file, encoder)", e);
        }
        return fromRoot(root, file, encoder);
    }

    /**
     * Loads a saved scorer that will encode with {@code encoder}.
     *
     * @throws EncoderMismatchException when {@code encoder} is not the one the scorer was trained with
     * @throws ScorerFileException when the file is not a scorer file, has an unknown version or is damaged
     */
    public static ContrastiveScorer load(Path file, TextEncoder encoder) throws IOException {
        return fromRoot(readRoot(file), file, Objects.requireNonNull(encoder, "encoder"));
    }

    private static JsonNode readRoot(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ScorerFileException(file, "not a scorer file (not valid JSON: " + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new ScorerFileException(file, "not a scorer file (no \"format\": \"" + FORMAT + "\")", null);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt()) {
            throw new ScorerFileException(file, "missing or malformed \"version\"", null);
        }
        if (version.asInt() != VERSION) {
            throw new ScorerFileException(file, "scorer file format version " + version.asInt()
                    + " is not supported; this library reads version " + VERSION, null);
        }
        return root;
    }

    private static ContrastiveScorer fromRoot(JsonNode root, Path file, TextEncoder encoder) throws ScorerFileException {
        String encoderId = text(root, "encoder", file);
        if (!encoderId.equals(encoder.id())) {
            throw new EncoderMismatchException(file.toString(), encoderId, encoder.id());
        }
        int dimension = positiveInt(root, "dimension", file);
        int hidden = positiveInt(root, "hidden", file);
        FeatureLayout features = enumValue(FeatureLayout.class, text(root, "features", file), "features", file);
        ContrastiveLoss loss = enumValue(ContrastiveLoss.class, text(root, "loss", file), "loss", file);
        if (!"relu".equals(text(root, "activation", file))) {
            throw new ScorerFileException(file, "unknown activation '" + root.get("activation").asText() + "'", null);
        }
        TrainingReport report;
        try {
            report = JSON.treeToValue(root.get("report"), TrainingReport.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ScorerFileException(file, "malformed \"report\": " + e.getMessage(), e);
        }
        if (report == null) {
            throw new ScorerFileException(file, "missing \"report\"", null);
        }
        JsonNode weights = root.get("weights");
        if (weights == null || !weights.isObject()) {
            throw new ScorerFileException(file, "missing \"weights\"", null);
        }
        if (!"float32-le-base64".equals(weights.path("encoding").asText(null))) {
            throw new ScorerFileException(file, "unknown weights encoding '" + weights.path("encoding").asText("") + "'", null);
        }
        int width = features.width(dimension);
        float[] w1 = floats(weights, "w1", (long) hidden * width, file);
        float[] b1 = floats(weights, "b1", hidden, file);
        float[] w2 = floats(weights, "w2", hidden, file);
        float[] b2 = floats(weights, "b2", 1, file);
        Mlp head = new Mlp(width, hidden, w1, b1, w2, b2[0]);
        String sha = text(weights, "sha256", file);
        if (!sha.equals(head.sha256())) {
            throw new ScorerFileException(file, "weights do not match their SHA-256 (file damaged?)", null);
        }
        return new ContrastiveScorer(encoder, encoderId, dimension, features, loss, head, report);
    }

    private static String text(JsonNode node, String field, Path file) throws ScorerFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ScorerFileException(file, "missing or malformed \"" + field + "\"", null);
        }
        return value.asText();
    }

    private static int positiveInt(JsonNode node, String field, Path file) throws ScorerFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isInt() || value.asInt() < 1) {
            throw new ScorerFileException(file, "missing or malformed \"" + field + "\"", null);
        }
        return value.asInt();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String field, Path file)
            throws ScorerFileException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new ScorerFileException(file, "unknown " + field + " '" + name + "'; known: "
                    + java.util.Arrays.toString(type.getEnumConstants()), e);
        }
    }

    private static float[] floats(JsonNode weights, String field, long count, Path file) throws ScorerFileException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text(weights, field, file).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new ScorerFileException(file, "weights \"" + field + "\" are not valid base64", e);
        }
        if (bytes.length != count * 4) {
            throw new ScorerFileException(file, "weights \"" + field + "\" hold " + bytes.length / 4
                    + " floats, expected " + count, null);
        }
        float[] out = new float[(int) count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static String base64(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
