package io.augcon.scorer.encoder;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import io.augcon.api.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link TextEncoder} over any langchain4j {@link EmbeddingModel}, returning unit-length
 * vectors.
 *
 * <pre>{@code
 * TextEncoder encoder = EmbeddingModelEncoder.bgeSmallZh();   // in-process, no download
 * float[][] vectors = encoder.encode(List.of("潮汐每天涨落两次。", "Tides rise twice a day."));
 * }</pre>
 */
public final class EmbeddingModelEncoder implements TextEncoder {
    private final EmbeddingModel model;
    private final String name;
    private final boolean lowerCase;

    /**
     * Wraps {@code model}.
     *
     * @param name      recorded as provenance and checked when a saved scorer is loaded
     * @param lowerCase lower-case texts first, for models whose vocabulary is lower-case only
     */
    public EmbeddingModelEncoder(EmbeddingModel model, String name, boolean lowerCase) {
        this.model = Objects.requireNonNull(model, "model");
        this.name = Objects.requireNonNull(name, "name");
        this.lowerCase = lowerCase;
    }

    /**
     * BAAI bge-small-zh-v1.5, in process through ONNX Runtime (512 dimensions, about 95 MB, loaded
     * in a second or two). It is the bundled model that understands Chinese, and it handles
     * English too; its vocabulary has lower-case Latin words only, so texts are lower-cased.
     */
    public static EmbeddingModelEncoder bgeSmallZh() {
        DjlOffline.ensure(); // the model's tokenizer is DJL's, which otherwise calls home
        return new EmbeddingModelEncoder(new BgeSmallZhV15EmbeddingModel(), "bge-small-zh-v1.5", true);
    }

    /**
     * BAAI bge-small-en-v1.5, in process through ONNX Runtime (384 dimensions, about 130 MB).
     * English only; its vocabulary is lower-case, so texts are lower-cased.
     */
    public static EmbeddingModelEncoder bgeSmallEn() {
        DjlOffline.ensure();
        return new EmbeddingModelEncoder(new BgeSmallEnV15EmbeddingModel(), "bge-small-en-v1.5", true);
    }

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][];
        List<TextSegment> segments = new ArrayList<>(texts.size());
        List<Integer> positions = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text.isBlank()) {
                continue;
            }
            segments.add(TextSegment.from(lowerCase ? text.toLowerCase(Locale.ROOT) : text));
            positions.add(i);
        }
        if (!segments.isEmpty()) {
            List<Embedding> embeddings = model.embedAll(segments).content();
            for (int k = 0; k < embeddings.size(); k++) {
                out[positions.get(k)] = unit(embeddings.get(k).vector());
            }
        }
        int dimension = segments.isEmpty() ? model.dimension() : out[positions.get(0)].length;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = new float[dimension];
            }
        }
        return out;
    }

    @Override
    public String id() {
        return name;
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = vector[i] * scale;
        }
        return out;
    }
}
