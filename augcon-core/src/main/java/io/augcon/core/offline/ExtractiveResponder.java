package io.augcon.core.offline;

import io.augcon.api.CandidateQuery;
import io.augcon.api.Response;
import io.augcon.api.ResponseRefiner;
import io.augcon.api.TextEncoder;
import io.augcon.core.corpus.SentenceSplitter;
import io.augcon.core.corpus.TextSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The offline answering step: no LLM. The answer is the sentence of the question's context most
 * similar to the question (cosine of embeddings), joined by its neighbour when that one is
 * nearly as close and the two stay short, so answers are always faithful to the text. Records
 * say {@code "model": "offline"}.
 */
public final class ExtractiveResponder implements ResponseRefiner {
    /** The model name offline records carry. */
    public static final String MODEL = "offline";
    /** A neighbour this close to the best sentence's similarity joins the answer. */
    static final double NEIGHBOUR_MARGIN = 0.05;
    /** ...as long as the answer stays this short. */
    static final int MAX_JOINED_CHARS = 320;

    private final TextEncoder encoder;

    /**
     * A responder that ranks sentences with {@code encoder}; wrap an expensive encoder in a
     * {@link CachingTextEncoder}, since the same sentences are encoded for every question on a root.
     */
    public ExtractiveResponder(TextEncoder encoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    @Override
    public CompletionStage<Response> respond(CandidateQuery query, long seed) {
        try {
            return CompletableFuture.completedFuture(answer(query));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String id() {
        return "extractive/" + encoder.id();
    }

    private Response answer(CandidateQuery query) {
        String text = query.node().text();
        List<TextSpan> sentences = SentenceSplitter.sentences(text, query.node().language());
        List<String> inputs = new ArrayList<>();
        inputs.add(query.query());
        sentences.forEach(s -> inputs.add(s.of(text)));
        float[][] vectors = encoder.encode(inputs);
        int best = 0;
        double[] similarity = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            similarity[i] = Vectors.dot(vectors[0], vectors[i + 1]);
            if (similarity[i] > similarity[best]) {
                best = i;
            }
        }
        int from = best;
        int to = best;
        int next = best + 1;
        if (next < sentences.size() && similarity[next] >= similarity[best] - NEIGHBOUR_MARGIN
                && sentences.get(next).end() - sentences.get(best).start() <= MAX_JOINED_CHARS) {
            to = next;
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("answer_sentences", to == from ? List.of(from) : List.of(from, to));
        return new Response(text.substring(sentences.get(from).start(), sentences.get(to).end()), MODEL, provenance);
    }
}
