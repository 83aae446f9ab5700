package io.augcon.spark;

import io.augcon.api.TextEncoder;
import io.augcon.core.AugConBuilder;
import io.augcon.core.offline.CachingTextEncoder;
import io.augcon.core.offline.ExtractiveResponder;
import io.augcon.core.offline.OfflineExpander;
import io.augcon.scorer.encoder.EmbeddingModelEncoder;
import io.augcon.scorer.tagger.BundledTagger;

/**
 * The offline method's stages (no LLM), as {@code augcon generate} runs them without
 * {@code --base-url}: splits by the bundled bge-small-zh-v1.5 encoder, questions from the bundled
 * part-of-speech tagger's key phrases, extractive answers. Every record says {@code "model":
 * "offline"}.
 *
 * <pre>{@code
 * Dataset<Row> records = AugConSpark.builder().stages(OfflineStages.create()).build().generate(documents);
 * }</pre>
 *
 * <p>The encoder (about 95 MB, a second or two to load) is loaded once per executor JVM and shared
 * by all its pipelines, with one cache of sentence vectors: a vector depends on its text only, so
 * sharing changes no record.
 */
public final class OfflineStages implements StageFactory {
    private static final long serialVersionUID = 1L;

    /** Sentence vectors an executor keeps, as a single-JVM offline run does. */
    private static final int CACHED_VECTORS = 200_000;

    private OfflineStages() {}

    /** The offline method's stages. */
    public static OfflineStages create() {
        return new OfflineStages();
    }

    /** Sets the offline tree step and answering step on {@code builder}, with the executor's shared encoder. */
    @Override
    public void configure(AugConBuilder builder) {
        TextEncoder encoder = SharedEncoder.INSTANCE;
        builder.nodeExpander(new OfflineExpander(encoder, new BundledTagger()))
                .responseRefiner(new ExtractiveResponder(encoder));
    }

    /** False: the offline method asks no LLM, so the job keeps all its partitions. */
    @Override
    public boolean asksLlm() {
        return false;
    }

    /** The executor's encoder, loaded when the first pipeline is built. */
    private static final class SharedEncoder {
        static final TextEncoder INSTANCE = new CachingTextEncoder(EmbeddingModelEncoder.bgeSmallZh(), CACHED_VECTORS);
    }
}
