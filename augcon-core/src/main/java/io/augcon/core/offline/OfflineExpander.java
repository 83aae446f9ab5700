package io.augcon.core.offline;

import io.augcon.api.ContextNode;
import io.augcon.api.ContextSplitter;
import io.augcon.api.Expansion;
import io.augcon.api.NodeExpander;
import io.augcon.api.QueryGenerator;
import io.augcon.api.Split;
import io.augcon.api.TextEncoder;
import io.augcon.core.corpus.SentenceSplitter;
import io.augcon.core.corpus.TextSpan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The offline tree step: no LLM. A node is split at the sentence boundary that makes its two
 * halves least alike (cosine of the halves' mean sentence embeddings), with a small penalty for
 * lopsided halves so the tree keeps several levels; sub-contexts are exact spans of the parent.
 * The question names the node's key noun phrases (found with a {@link PartOfSpeechTagger}) in a
 * form fit for what each phrase is, picked by the node's seed (an overview form at the root).
 *
 * <pre>{@code
 * TextEncoder encoder = ...; // e.g. the bge-small-zh encoder of augcon-scorer
 * AugCon augcon = AugCon.builder()
 *     .nodeExpander(new OfflineExpander(encoder, new BundledTagger())) // augcon-scorer's tagger
 *     .responseRefiner(new ExtractiveResponder(encoder))
 *     .build();
 * }</pre>
 */
public final class OfflineExpander implements NodeExpander, QueryGenerator, ContextSplitter {
    /** Weight of the length imbalance of the halves (0 = even, 1 = all on one side) against their similarity. */
    static final double IMBALANCE_WEIGHT = 0.15;
    private static final int PHRASES = 6;

    private final TextEncoder encoder;
    private final PartOfSpeechTagger tagger;

    /**
     * An expander using {@code encoder} to split and {@code tagger} to find what to ask about; wrap
     * the encoder in a {@link CachingTextEncoder} to share vectors across stages.
     */
    public OfflineExpander(TextEncoder encoder, PartOfSpeechTagger tagger) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.tagger = Objects.requireNonNull(tagger, "tagger");
    }

    /**
     * An expander with the tagger {@link PartOfSpeechTagger#onClassPath()} finds.
     *
     * @throws IllegalStateException when the class path holds no tagger
     */
    public OfflineExpander(TextEncoder encoder) {
        this(encoder, PartOfSpeechTagger.onClassPath());
    }

    @Override
    public CompletionStage<Expansion> expand(ContextNode node, long seed) {
        try {
            return CompletableFuture.completedFuture(Expansion.of(question(node, seed).orElse(null), splitOf(node).orElse(null)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Optional<String>> generate(ContextNode node, long seed) {
        return CompletableFuture.completedFuture(question(node, seed));
    }

    @Override
    public CompletionStage<Optional<Split>> split(ContextNode node, long seed) {
        return CompletableFuture.completedFuture(splitOf(node));
    }

    @Override
    public String id() {
        return "offline-cst/" + encoder.id() + "/" + tagger.id();
    }

    private Optional<String> question(ContextNode node, long seed) {
        List<KeyPhrase> phrases = KeyPhrases.extract(node.text(), node.language(), PHRASES, tagger);
        return QuestionForms.of(node.language()).ask(phrases, node.depth() == 0, seed);
    }

    private Optional<Split> splitOf(ContextNode node) {
        String text = node.text();
        List<TextSpan> sentences = SentenceSplitter.sentences(text, node.language());
        if (sentences.size() < 2) {
            return Optional.empty();
        }
        float[][] vectors = encoder.encode(sentences.stream().map(s -> s.of(text)).toList());
        int best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int cut = 1; cut < sentences.size(); cut++) {
            int left = sentences.get(cut - 1).end() - sentences.get(0).start();
            int right = sentences.get(sentences.size() - 1).end() - sentences.get(cut).start();
            double imbalance = Math.abs(left - right) / (double) (left + right);
            double cost = Vectors.cosineOfMeans(vectors, 0, cut, sentences.size()) + IMBALANCE_WEIGHT * imbalance;
            if (cost < bestCost) {
                bestCost = cost;
                best = cut;
            }
        }
        return Optional.of(new Split(
                text.substring(sentences.get(0).start(), sentences.get(best - 1).end()),
                text.substring(sentences.get(best).start(), sentences.get(sentences.size() - 1).end())));
    }
}
