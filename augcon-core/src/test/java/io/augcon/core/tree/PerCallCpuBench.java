package io.augcon.core.tree;

import io.augcon.api.CandidateQuery;
import io.augcon.api.Language;
import io.augcon.api.LlmRequest;
import io.augcon.api.RootContext;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.corpus.Chunk;
import io.augcon.core.corpus.Chunker;
import io.augcon.core.filter.QueryFilter;
import io.augcon.core.text.RougeMeasure;
import io.augcon.core.respond.GroundingCheck;
import io.augcon.core.respond.ResponsePrompt;
import io.augcon.core.respond.SeedExample;
import io.augcon.core.text.RougeL;
import io.augcon.core.text.RougeScore;
import io.augcon.core.text.Tokenizer;
import io.augcon.testkit.ScriptedAnswers;
import io.augcon.testkit.ScriptedLlm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The library's CPU work per LLM call and per query, on real text: the longest root context of
 * a bundled sample document, its paragraphs joined (English and Chinese, up to 500 characters), the CST answer the
 * scripted model gives for it, the candidate queries of a whole tree grown on it, and a query of
 * that tree. Not run by {@code mvn verify}; run with
 * {@code mvn -B -Pbench -pl augcon-core -am test -DskipTests -Djmh.args=PerCallCpuBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// jieba's code paths take several seconds of a loaded 2-core machine to compile: shorter warm-ups
// measured 1.1 to 1.6 ms where the warm code takes 0.14 ms.
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class PerCallCpuBench {
    @Param({"EN", "ZH"})
    public Language language;

    private CstPrompt cstPrompt;
    private ResponsePrompt responsePrompt;
    private List<SeedExample> demonstrations;
    private String root;
    private String cstAnswer;
    private String child;
    private List<String> children;
    private String query;
    private String otherQuery;
    private String answer;
    private List<String> candidates;
    private int quota;
    private final QueryFilter filter = new QueryFilter(0.7, RougeMeasure.PRECISION);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Tokenizer.ready(language).get();
        root = longestRoot(language == Language.EN ? "en/harbor-city-library-handbook.txt" : "zh/tea-processing.txt");
        cstPrompt = CstPrompt.defaults(language);
        responsePrompt = ResponsePrompt.defaults(language);
        demonstrations = SeedExample.defaults(language).subList(0, 3);
        String rendered = cstPrompt.render(root);
        cstAnswer = ScriptedAnswers.answer(LlmRequest.builder().prompt(rendered).build()).text();
        ParsedCst parsed = CstOutputParser.parse(cstAnswer);
        child = parsed.context1();
        children = List.of(parsed.context1(), parsed.context2());
        RootContext context = new RootContext("bench#0", "bench", 0, 0, 0, root.length(), root, language);
        List<CandidateQuery> tree = new ContextSplitTree(CstStep.builder().backend(ScriptedLlm.immediate()).build(),
                TreeRules.DEFAULT, 7, Runnable::run, new PipelineListener() { }).grow(context, 0).get();
        candidates = tree.stream().map(CandidateQuery::query).toList();
        quota = root.length() / 35;
        query = candidates.get(0);
        otherQuery = candidates.get(candidates.size() - 1);
        answer = child;
        System.err.printf("%s root %d chars, %d candidates, quota %d%n", language, root.length(), candidates.size(), quota);
    }

    private String longestRoot(String sample) {
        Path file = Path.of("../augcon-examples/samples").resolve(sample);
        try {
            // The Chinese samples' paragraphs are about 200 characters; joined, they give roots of
            // the default 500-character size, as longer paragraphs would.
            String text = String.join(language == Language.EN ? " " : "", Files.readAllLines(file));
            return new Chunker().chunk(text, language).stream()
                    .map(Chunk::text).max(Comparator.comparingInt(String::length)).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample " + file.toAbsolutePath()
                    + " (run from augcon-core, as the bench profile does)", e);
        }
    }

    /** Per CST call: the prompt sent. */
    @Benchmark
    public String cstPromptBuild() {
        return cstPrompt.render(root);
    }

    /** Per CST call: reading the model's answer. */
    @Benchmark
    public ParsedCst cstOutputParse() {
        return CstOutputParser.parse(cstAnswer);
    }

    /** Per CST call: the hallucination check of both children against their parent, as the tree does it. */
    @Benchmark
    public double[] splitFaithfulnessCheck() {
        return ChildFaithfulness.precisions(root, children, language);
    }

    /** Tokenising one 500-character root (jieba for Chinese). */
    @Benchmark
    public List<String> tokenizeRoot() {
        return Tokenizer.tokens(root, language);
    }

    /** ROUGE-L of two queries, tokenisation included: one comparison of the filter, done naively. */
    @Benchmark
    public RougeScore rougeOfTwoQueries() {
        return RougeL.score(Tokenizer.tokens(query, language), Tokenizer.tokens(otherQuery, language));
    }

    /** Per root: rank-ordered candidates of one tree down to the quota. */
    @Benchmark
    public QueryFilter.Selection filterOneRoot() {
        return filter.select(candidates, language, quota);
    }

    /** Per response call: the answering prompt with three demonstrations. */
    @Benchmark
    public Object responsePromptBuild() {
        return responsePrompt.render(root, query, demonstrations);
    }

    /** Per response call: the grounding check of an answer against its context. */
    @Benchmark
    public double groundingCheck() {
        return GroundingCheck.score(answer, root, language);
    }
}
