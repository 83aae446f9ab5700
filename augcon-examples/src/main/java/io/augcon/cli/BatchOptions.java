package io.augcon.cli;

import io.augcon.core.AugConBuilder;
import io.augcon.core.llm.Resilience;
import io.augcon.llm.batch.BatchJournal;
import io.augcon.llm.batch.BatchLimits;
import io.augcon.llm.openai.OpenAiBatchBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code generate}'s Batch API options: {@code --batch} sends the run's requests as OpenAI
 * batches, journaled in the work dir; {@code --batch-cancel} cancels the batches a work dir holds
 * open. None of them changes which records a run writes.
 */
final class BatchOptions {
    @Option(names = "--batch", description = "Send the run's requests through the OpenAI Batch API at --base-url (/files, /batches),"
            + " billed at the provider's batch rate; needs --work-dir, where each batch is journaled so a rerun polls it"
            + " instead of paying for it again.")
    boolean batch;

    @Option(names = "--batch-poll-s", paramLabel = "N", defaultValue = "30",
            description = "With --batch: seconds between polls of a batch, fractions allowed (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(names = "--batch-quiet-ms", paramLabel = "N", defaultValue = "2000",
            description = "With --batch: a round is sent once no new request came for this many milliseconds"
                    + " (default: ${DEFAULT-VALUE}).")
    long quietMillis;

    @Option(names = "--batch-max-requests", paramLabel = "N", defaultValue = "50000",
            description = "With --batch: requests in one batch at most (default: ${DEFAULT-VALUE}, OpenAI's cap).")
    int maxRequests;

    @Option(names = "--batch-max-bytes", paramLabel = "N", defaultValue = "200000000",
            description = "With --batch: bytes of one batch's JSONL at most (default: ${DEFAULT-VALUE}, OpenAI's cap).")
    long maxBytes;

    @Option(names = "--batch-cancel", description = "Cancel the batches that --work-dir's journal holds open, then exit.")
    boolean cancel;

    /** True when the run goes through the Batch API. */
    boolean on() {
        return batch;
    }

    /**
     * Checks the batch options against the rest: {@code --batch} and {@code --batch-cancel} need
     * {@code --base-url}, {@code --work-dir} and the OpenAI chat API.
     *
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    void check(LlmOptions llm, GenerationOptions model, Path workDir) {
        if (!batch && !cancel) {
            return;
        }
        String option = cancel ? "--batch-cancel" : "--batch";
        if (!llm.useLlm()) {
            throw new IllegalArgumentException(option + " needs --base-url: the Batch API is a server's");
        }
        if (workDir == null) {
            throw new IllegalArgumentException(option + " needs --work-dir: the batches are journaled there, so that a rerun"
                    + " polls them instead of paying for them again");
        }
        if (model.backend != GenerationOptions.Backend.OPENAI) {
            throw new IllegalArgumentException(option + " speaks OpenAI's Batch API: it needs --backend openai");
        }
        limits();
    }

    /** The round and poll limits the options give. */
    BatchLimits limits() {
        if (!(pollSeconds >= 0.001)) {
            throw new IllegalArgumentException("--batch-poll-s must be >= 0.001, was " + pollSeconds);
        }
        if (quietMillis < 1) {
            throw new IllegalArgumentException("--batch-quiet-ms must be >= 1, was " + quietMillis);
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("--batch-max-requests must be >= 1, was " + maxRequests);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("--batch-max-bytes must be >= 1, was " + maxBytes);
        }
        return BatchLimits.OPENAI.withMaxRequests(maxRequests).withMaxBytes(maxBytes)
                .withPollInterval(Duration.ofMillis(Math.round(pollSeconds * 1000)))
                .withQuietWindow(Duration.ofMillis(quietMillis));
    }

    /** The backend the run's requests go through, journaled in {@code workDir}, telling {@code err} each round's steps. */
    OpenAiBatchBackend backend(LlmOptions llm, GenerationOptions model, Path workDir, PrintWriter err) throws IOException {
        return llm.openAi(OpenAiBatchBackend.builder(), model, llm.baseUrls().get(0)).limits(limits())
                .journal(BatchJournal.inDirectory(Files.createDirectories(workDir)))
                .listener(new BatchProgressLines(err))
                .build();
    }

    /**
     * Makes {@code builder}'s run fit batches: no request timeout (an answer may take a day), no
     * adaptive limit (nothing to protect), and the concurrency and roots in progress that
     * {@link BatchRoundSize} derives. {@code --tokenizer} counts the tokens of answers whose
     * lines report none, as online.
     */
    void applyTo(AugConBuilder builder, OpenAiBatchBackend backend, LlmOptions llm) {
        BatchRoundSize size = BatchRoundSize.of(backend.limits(), Runtime.getRuntime().maxMemory());
        builder.llm(llm.counted(backend))
                .concurrency(size.concurrency())
                .execution(e -> e.maxRootsInProgress() > 0 ? e : e.withMaxRootsInProgress(size.rootsInProgress()))
                .llmPolicy(p -> p.withResilience(new Resilience(p.resilience().retry(), Resilience.NO_REQUEST_TIMEOUT, null,
                        p.resilience().truncationRetryFactor(), p.resilience().truncationMaxTokens())));
    }

    /** {@code --batch-cancel}: cancels the open batches of {@code workDir}'s journal; the exit code. */
    int cancel(LlmOptions llm, GenerationOptions model, Path workDir, PrintWriter err) throws IOException {
        try (OpenAiBatchBackend backend = backend(llm, model, workDir, err)) {
            List<String> cancelled = backend.cancelOpenBatches();
            err.println("augcon: cancelled " + cancelled.size() + " open batch" + (cancelled.size() == 1 ? "" : "es")
                    + (cancelled.isEmpty() ? "" : ": " + String.join(", ", cancelled)) + " (" + workDir.resolve(BatchJournal.FILE_NAME) + ")");
        }
        return 0;
    }
}
