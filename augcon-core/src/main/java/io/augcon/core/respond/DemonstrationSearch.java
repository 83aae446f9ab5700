package io.augcon.core.respond;

import io.augcon.api.AsyncFailure;
import io.augcon.api.Language;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.Seeds;
import io.augcon.core.event.SearchReport;
import io.augcon.core.internal.stage.Reask;
import io.augcon.core.llm.StructuredOutput;
import io.augcon.core.internal.stage.RunFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The paper's self-improving step: a bounded random search over sets of seed examples for the
 * demonstrations that make the model answer the seed questions best, by its own judgement.
 *
 * <p>Candidates are sets of {@code min(setSize, |E_R|)} seed examples: all of them when there
 * are at most {@code budget} (given, or sized by {@link SearchScaling}), else the first ones in seed order (the set a search-free
 * responder would use) followed by distinct random sets up to {@code budget}. Each candidate
 * answers every seed question and the judge compares each answer with the human one. Leave one
 * out: a seed question is answered with the candidate minus that seed, so no seed demonstrates
 * its own answer. A candidate's score is its share of answers judged correct; the best wins,
 * the earliest drawn among equals. A failed or unreadable judgement counts as no; a failure no
 * retry can fix (a refused key) fails the search.
 *
 * <p>Cost when there are at least two candidates: {@code candidates * |E_R|} answers plus as many
 * judgements, and the re-asks of unusable replies; none when only one set is possible.
 */
final class DemonstrationSearch {
    /** Before every root's requests: every answer of the language waits for the search. */
    static final long PRIORITY = -1;
    static final String ANSWER_STAGE = "response-search";
    static final String JUDGE_STAGE = "response-judge";
    private static final int JUDGE_MAX_TOKENS = 64;

    private final Answerer answerer;
    private final int setSize;
    private final int judgeAttempts;
    private final StructuredOutput structured;

    DemonstrationSearch(Answerer answerer, int setSize, int judgeAttempts, StructuredOutput structured) {
        this.answerer = Objects.requireNonNull(answerer, "answerer");
        this.setSize = setSize;
        this.judgeAttempts = judgeAttempts;
        this.structured = Objects.requireNonNull(structured, "structured");
    }

    /**
     * Searches {@code seeds} (the language's E_R, ids distinct) over at most {@code budget}'s sets,
     * with draws and request seeds from {@code searchSeed}.
     */
    CompletableFuture<SearchReport> run(Language language, List<SeedExample> seeds, long searchSeed,
            SearchReport.Budget budget) {
        List<int[]> sets = candidates(seeds.size(), setSize, budget.sets(), searchSeed);
        if (sets.size() == 1) {
            SearchReport.Candidate only = new SearchReport.Candidate(ids(seeds, sets.get(0)), 0, 0);
            return CompletableFuture.completedFuture(new SearchReport(language, seeds.size(), List.of(only), 0,
                    new SearchReport.Calls(0, 0, 0, 0, 0), budget));
        }
        Tally tally = new Tally(answerer.backend());
        Answerer counted = answerer.via(tally::answerSent);
        JudgePrompt judge = JudgePrompt.defaults(language);
        List<List<CompletableFuture<Boolean>>> outcomes = new ArrayList<>();
        for (int[] set : sets) {
            List<CompletableFuture<Boolean>> perSeed = new ArrayList<>();
            for (int i = 0; i < seeds.size(); i++) {
                perSeed.add(evaluate(counted, judge, tally, seeds.get(i), demonstrations(seeds, set, i), language, searchSeed));
            }
            outcomes.add(perSeed);
        }
        List<CompletableFuture<Boolean>> all = outcomes.stream().flatMap(List::stream).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<SearchReport.Candidate> scored = new ArrayList<>();
            int best = 0;
            for (int c = 0; c < sets.size(); c++) {
                int correct = (int) outcomes.get(c).stream().filter(CompletableFuture::join).count();
                scored.add(new SearchReport.Candidate(ids(seeds, sets.get(c)), correct, seeds.size()));
                best = correct > scored.get(best).correct() ? c : best;
            }
            return new SearchReport(language, seeds.size(), scored, best, tally.calls(), budget);
        });
    }

    /** Whether {@code seed}'s question, answered with {@code demos}, is judged correctly answered. */
    private CompletableFuture<Boolean> evaluate(Answerer counted, JudgePrompt judge, Tally tally, SeedExample seed,
            List<SeedExample> demos, Language language, long searchSeed) {
        String demoIds = demos.stream().map(SeedExample::id).collect(Collectors.joining(","));
        long answerSeed = Seeds.derive(searchSeed, "answer", seed.id(), demoIds);
        long judgeSeed = Seeds.derive(searchSeed, "judge", seed.id(), demoIds);
        String what = "search answer to seed " + seed.id() + " with [" + demoIds + "]";
        return counted.answer(language, seed.context(), seed.question(), demos, answerSeed, ANSWER_STAGE, PRIORITY, what)
                .toCompletableFuture()
                .handle((predicted, error) -> {
                    if (error != null) {
                        rethrowIfFatal(error);
                        tally.failedAnswers.incrementAndGet();
                        return CompletableFuture.completedFuture(false);
                    }
                    return judge(judge, tally, seed, predicted, judgeSeed, what);
                })
                .thenCompose(verdict -> verdict);
    }

    /**
     * The judgement of {@code predicted}: under the judge's schema while structured output is on
     * (a server that refuses it turns it off and the judgement is asked again in text), else in text.
     */
    private CompletableFuture<Boolean> judge(JudgePrompt judge, Tally tally, SeedExample seed, String predicted,
            long judgeSeed, String what) {
        CompletionStage<Boolean> verdict = structured.ask(
                () -> judgeOnce(judge, tally, seed, predicted, judgeSeed, what, true),
                () -> judgeOnce(judge, tally, seed, predicted, judgeSeed, what, false));
        return verdict.toCompletableFuture()
                .handle((correct, error) -> {
                    if (error == null) {
                        return correct;
                    }
                    rethrowIfFatal(error);
                    (LlmException.kindOf(error) == LlmException.Kind.MALFORMED_OUTPUT
                            ? tally.unreadableVerdicts : tally.failedJudgements).incrementAndGet();
                    return false;
                });
    }

    private CompletionStage<Boolean> judgeOnce(JudgePrompt judge, Tally tally, SeedExample seed, String predicted,
            long judgeSeed, String what, boolean json) {
        return Reask.ask(tally::judgementSent,
                attempt -> LlmRequest.builder()
                        .messages(json ? judge.renderJson(seed.context(), seed.question(), seed.answer(), predicted)
                                : judge.render(seed.context(), seed.question(), seed.answer(), predicted))
                        .temperature(0)
                        .maxTokens(JUDGE_MAX_TOKENS)
                        .seed(Reask.attemptSeed(judgeSeed, attempt))
                        .stage(JUDGE_STAGE)
                        .priority(PRIORITY)
                        .responseSchema(json ? JudgePrompt.SCHEMA : null)
                        .build(),
                (reply, failed) -> (json ? JudgePrompt.verdictJson(reply.text()) : JudgePrompt.verdict(reply.text()))
                        .orElseThrow(() -> new LlmException(LlmException.Kind.MALFORMED_OUTPUT,
                                "verdict neither yes nor no: '" + reply.text() + "'")),
                judgeAttempts, "judgement of the " + what);
    }

    private static void rethrowIfFatal(Throwable error) {
        if (RunFailure.endsTheRun(error)) {
            throw AsyncFailure.propagate(error);
        }
    }

    /** The demonstrations of {@code set} for seed question {@code asked}: the set without that seed. */
    static List<SeedExample> demonstrations(List<SeedExample> seeds, int[] set, int asked) {
        List<SeedExample> demos = new ArrayList<>(set.length);
        for (int index : set) {
            if (index != asked) {
                demos.add(seeds.get(index));
            }
        }
        return demos;
    }

    /**
     * The candidate sets of seed indices, each sorted: every {@code k}-subset of {@code n} when
     * there are at most {@code budget}, else the first {@code k} indices and then distinct random
     * {@code k}-subsets drawn from {@code seed}, {@code budget} in all ({@code k = min(size, n)}).
     */
    static List<int[]> candidates(int n, int size, int budget, long seed) {
        int k = Math.min(size, n);
        List<int[]> sets = new ArrayList<>();
        if (subsetsAtMost(n, k, budget)) {
            combinations(n, k, 0, new int[k], 0, sets);
            return sets;
        }
        Set<List<Integer>> seen = new HashSet<>();
        int[] first = new int[k];
        for (int i = 0; i < k; i++) {
            first[i] = i;
        }
        sets.add(first);
        seen.add(asList(first));
        SplittableRandom random = new SplittableRandom(seed);
        int[] pool = new int[n];
        while (sets.size() < budget) {
            for (int i = 0; i < n; i++) {
                pool[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(n - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            int[] set = Arrays.copyOf(pool, k);
            Arrays.sort(set);
            if (seen.add(asList(set))) {
                sets.add(set);
            }
        }
        return sets;
    }

    /** Whether C(n, k) is at most {@code limit}, without overflowing. */
    private static boolean subsetsAtMost(int n, int k, int limit) {
        long count = 1;
        for (int i = 1; i <= k; i++) {
            count = count * (n - k + i) / i;
            if (count > limit) {
                return false;
            }
        }
        return true;
    }

    private static void combinations(int n, int k, int from, int[] current, int filled, List<int[]> out) {
        if (filled == k) {
            out.add(current.clone());
            return;
        }
        for (int i = from; i <= n - (k - filled); i++) {
            current[filled] = i;
            combinations(n, k, i + 1, current, filled + 1, out);
        }
    }

    private static List<Integer> asList(int[] set) {
        return Arrays.stream(set).boxed().toList();
    }

    private static List<String> ids(List<SeedExample> seeds, int[] set) {
        List<String> ids = new ArrayList<>(set.length);
        for (int index : set) {
            ids.add(seeds.get(index).id());
        }
        return ids;
    }

    /** Counts what one search sends and what goes wrong. */
    private static final class Tally {
        private final LlmBackend backend;
        private final AtomicInteger answers = new AtomicInteger();
        private final AtomicInteger judgements = new AtomicInteger();
        private final AtomicInteger unreadableVerdicts = new AtomicInteger();
        private final AtomicInteger failedAnswers = new AtomicInteger();
        private final AtomicInteger failedJudgements = new AtomicInteger();

        Tally(LlmBackend backend) {
            this.backend = backend;
        }

        CompletionStage<LlmResponse> answerSent(LlmRequest request) {
            answers.incrementAndGet();
            return backend.complete(request);
        }

        CompletionStage<LlmResponse> judgementSent(LlmRequest request) {
            judgements.incrementAndGet();
            return backend.complete(request);
        }

        SearchReport.Calls calls() {
            return new SearchReport.Calls(answers.get(), judgements.get(), unreadableVerdicts.get(),
                    failedAnswers.get(), failedJudgements.get());
        }
    }
}
