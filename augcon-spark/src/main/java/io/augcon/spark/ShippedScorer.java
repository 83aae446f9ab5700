package io.augcon.spark;

import io.augcon.api.QueryScorer;
import io.augcon.core.AugConBuilder;
import io.augcon.scorer.ContrastiveScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trained scorer file ({@link ContrastiveScorer#save}) read once, on the driver, and shipped to
 * the executors in the job's plan as its bytes: no executor needs the file, and every task ranks
 * with the same scorer, as a single-JVM run given {@code ContrastiveScorer.load(file)} does. Each
 * executor JVM loads it once (with the bundled encoder the file names) and shares it among its
 * pipelines; a vector depends on its text only, so sharing changes no score.
 *
 * <pre>{@code
 * ShippedScorer scorer = ShippedScorer.read(Path.of("scorer.json"));     // on the driver
 * StageFactory stages = builder -> {
 *     builder.llm(OpenAiChatBackend.builder().baseUrl(url).build());
 *     scorer.configure(builder);                                        // builder.scorer(the loaded scorer)
 * };
 * }</pre>
 *
 * <p>Adds no LLM: combine it with a factory that sets one, as above.
 */
public final class ShippedScorer implements StageFactory {
    private static final long serialVersionUID = 1L;
    /** This JVM's loaded scorers, by the SHA-256 of their file. */
    private static final Map<String, QueryScorer> LOADED = new ConcurrentHashMap<>();

    private final byte[] file;
    private final String sha256;
    private final String name;

    private ShippedScorer(byte[] file, String sha256, String name) {
        this.file = file;
        this.sha256 = sha256;
        this.name = name;
    }

    /**
     * The scorer file at {@code file}, read now. Its content is checked where it is loaded, on
     * each executor, when the first pipeline is built.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    public static ShippedScorer read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new ShippedScorer(bytes, sha, file.getFileName().toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * Sets the scorer on {@code builder}, loading it in this JVM on first use.
     *
     * @throws UncheckedIOException when the shipped bytes cannot be loaded as a scorer (the message
     *                              names the file read on the driver)
     */
    @Override
    public void configure(AugConBuilder builder) {
        builder.scorer(LOADED.computeIfAbsent(sha256, sha -> load()));
    }

    /** The SHA-256 of the file's bytes, as 64 hex characters. */
    public String sha256() {
        return sha256;
    }

    private QueryScorer load() {
        try {
            Path copy = Files.createTempFile("augcon-scorer-", "-" + name);
            try {
                Files.write(copy, file);
                return ContrastiveScorer.load(copy);
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("scorer " + name + " (shipped from the driver, SHA-256 " + sha256
                    + "): " + e.getMessage(), e);
        }
    }
}
