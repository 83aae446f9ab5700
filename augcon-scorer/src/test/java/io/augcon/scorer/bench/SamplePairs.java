package io.augcon.scorer.bench;

import io.augcon.api.ContextNode;
import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.api.RootContext;
import io.augcon.api.Split;
import io.augcon.api.TextEncoder;
import io.augcon.core.corpus.Chunk;
import io.augcon.core.corpus.Chunker;
import io.augcon.core.corpus.CorpusReader;
import io.augcon.core.corpus.LanguageDetector;
import io.augcon.core.corpus.SentenceSplitter;
import io.augcon.core.corpus.TextSpan;
import io.augcon.core.offline.OfflineExpander;
import io.augcon.core.scoring.QueryPair;
import io.augcon.scorer.tagger.BundledTagger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Builds labelled (context, positive, negative) pairs from a real corpus without an LLM, as a
 * proxy for the paper's pairs (which come from one LLM prompted well and badly).
 *
 * <ul>
 *   <li>Contexts: the corpus is cut into root contexts (500 characters, paragraphs over 100) and
 *       each root is split recursively by the offline Context-Split-Tree step of augcon-core
 *       ({@link OfflineExpander}: the sentence boundary where the halves' embeddings differ
 *       most), down to single sentences or 20 characters. Every node is a context.
 *   <li>Positive: the offline question of the node: a question form filled with the node's own
 *       key phrases (RAKE for English, jieba keywords for Chinese), picked by a seed.
 *   <li>Negative, one of three kinds imitating weaker generations:
 *       {@code other-context}, the offline question of a node from another root of the same
 *       language (a well-formed but ungrounded question, the hard kind);
 *       {@code copied-sentence}, one whole sentence of the context copied verbatim, its end mark
 *       turned into a question mark (a shallow query);
 *       {@code generic}, a question that fits any text ("What is this text about?").
 * </ul>
 */
final class SamplePairs {
    static final int MIN_LENGTH = 20;

    static final List<String> GENERIC_EN = List.of(
            "What is this text about?", "Can you summarise this?", "What are the key points here?",
            "What does the author want to say?", "Can you explain this in more detail?", "Why is this important?",
            "What else should I know?", "What is the main idea?", "Is there anything interesting here?",
            "Could you tell me more?", "What can we learn from this?", "How would you describe this passage?");
    static final List<String> GENERIC_ZH = List.of(
            "这段文字讲了什么？", "能总结一下吗？", "这里的要点是什么？", "作者想表达什么？", "能详细解释一下吗？",
            "这为什么重要？", "还有什么需要了解的？", "主要意思是什么？", "这里有什么值得注意的？", "能多讲一些吗？",
            "从中能学到什么？", "怎么评价这段话？");

    /** A pair with where it came from. */
    record Labelled(QueryPair pair, String kind, String rootId, String documentId, Language language) {}

    /** A tree node and the questions the offline generator asks of it. */
    record Node(ContextNode node, List<String> questions) {}

    private SamplePairs() {}

    static List<Node> nodes(Path corpus, TextEncoder encoder) throws IOException {
        OfflineExpander expander = new OfflineExpander(encoder, new BundledTagger());
        Chunker chunker = new Chunker();
        List<Node> nodes = new ArrayList<>();
        List<Document> documents;
        try (Stream<Document> stream = CorpusReader.builder().strict(true).build().read(corpus)) {
            documents = stream.toList();
        }
        long sequence = 0;
        for (Document document : documents) {
            Language language = document.declaredLanguage().orElseGet(() -> LanguageDetector.detect(document.text()));
            List<Chunk> chunks = chunker.chunk(document.text(), language);
            for (int i = 0; i < chunks.size(); i++) {
                Chunk chunk = chunks.get(i);
                RootContext root = new RootContext(document.id() + "#" + i, document.id(), sequence++, i,
                        chunk.start(), chunk.end(), chunk.text(), language);
                grow(root.node(0), expander, nodes);
            }
        }
        return nodes;
    }

    private static void grow(ContextNode node, OfflineExpander expander, List<Node> out) {
        LinkedHashSet<String> questions = new LinkedHashSet<>();
        for (int k = 0; k < 6; k++) {
            long seed = (node.id().hashCode() * 1_000_003L) + k;
            expander.generate(node, seed).toCompletableFuture().join().ifPresent(questions::add);
        }
        if (!questions.isEmpty()) {
            out.add(new Node(node, List.copyOf(questions)));
        }
        if (node.text().length() < MIN_LENGTH) {
            return;
        }
        Optional<Split> split = expander.split(node, 0).toCompletableFuture().join();
        if (split.isEmpty()) {
            return;
        }
        String first = split.get().first();
        String second = split.get().second();
        if (first.length() >= node.text().length() || second.length() >= node.text().length()) {
            return;
        }
        grow(node.child(1, first), expander, out);
        grow(node.child(2, second), expander, out);
    }

    /**
     * For every node, {@code rounds} pairs of each kind (each with its own positive where the node
     * has enough distinct questions), deterministic for {@code seed}.
     */
    static List<Labelled> pairs(List<Node> nodes, int rounds, long seed) {
        Random random = new Random(seed);
        List<Labelled> out = new ArrayList<>();
        for (Node n : nodes) {
            ContextNode node = n.node();
            Language language = node.language();
            String context = node.text();
            List<TextSpan> sentences = SentenceSplitter.sentences(context, language);
            int turn = 0;
            for (int round = 0; round < rounds; round++) {
                for (String kind : List.of("other-context", "copied-sentence", "generic")) {
                    String positive = n.questions().get(turn++ % n.questions().size());
                    String negative;
                    switch (kind) {
                        case "other-context":
                            negative = otherContextQuestion(nodes, n, random);
                            break;
                        case "copied-sentence":
                            negative = asQuestion(sentences.isEmpty() ? context
                                    : sentences.get(random.nextInt(sentences.size())).of(context), language);
                            break;
                        default:
                            List<String> generic = language == Language.ZH ? GENERIC_ZH : GENERIC_EN;
                            negative = generic.get(random.nextInt(generic.size()));
                            break;
                    }
                    if (negative == null || negative.equals(positive) || n.questions().contains(negative)) {
                        continue;
                    }
                    out.add(new Labelled(new QueryPair(context, positive, negative, kind), kind, node.root().id(),
                            node.root().documentId(), language));
                }
            }
        }
        return out;
    }

    private static String otherContextQuestion(List<Node> nodes, Node self, Random random) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Node other = nodes.get(random.nextInt(nodes.size()));
            if (other.node().language() == self.node().language()
                    && !other.node().root().id().equals(self.node().root().id())) {
                return other.questions().get(random.nextInt(other.questions().size()));
            }
        }
        return null;
    }

    /** The sentence verbatim with its end mark replaced by a question mark. */
    static String asQuestion(String sentence, Language language) {
        String s = sentence.strip();
        while (!s.isEmpty() && ".。!！;；:：…\"”’)）".indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("?") || s.endsWith("？")) {
            return s;
        }
        return s + (language == Language.ZH ? "？" : "?");
    }
}
