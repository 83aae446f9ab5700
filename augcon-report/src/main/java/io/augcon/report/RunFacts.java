package io.augcon.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augcon.api.TokenUsage;
import io.augcon.core.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of a run that are not in its records: LLM calls, tokens and failures by kind, and
 * every root's quota fill. {@code generate} writes them to {@value #FILE_NAME} in its work
 * directory, so {@code report --journal DIR} can read them after the run.
 *
 * @param documents           documents read
 * @param badInputs           documents skipped as bad input
 * @param roots               root contexts
 * @param quota               pairs owed over all roots
 * @param candidates          candidate queries ranked
 * @param kept                candidates kept by the filter
 * @param duplicates          candidates dropped as near-duplicates within roots
 * @param crossRootDuplicates records dropped as near-duplicates across roots
 * @param records             records written
 * @param llmCalls            LLM calls by stage
 * @param tokens              tokens by stage
 * @param llmFailures         failed LLM calls by kind
 * @param nodeFailures        failed tree nodes by kind
 * @param responseFailures    failed answers by kind
 * @param branchEnds          why tree branches stopped, by reason
 * @param recordFlags         records written with a provenance flag, by flag
 * @param scorer              what ranked the candidates
 * @param wallSeconds         the run's wall time
 * @param rootFills           every root that owed pairs, in corpus order
 */
public record RunFacts(
        long documents,
        long badInputs,
        long roots,
        long quota,
        long candidates,
        long kept,
        long duplicates,
        long crossRootDuplicates,
        long records,
        Map<String, Long> llmCalls,
        Map<String, TokenUsage> tokens,
        Map<String, Long> llmFailures,
        Map<String, Long> nodeFailures,
        Map<String, Long> responseFailures,
        Map<String, Long> branchEnds,
        Map<String, Long> recordFlags,
        String scorer,
        double wallSeconds,
        List<RootFill> rootFills) {
    /** The file {@code generate} writes in its work directory. */
    public static final String FILE_NAME = "run-summary.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public RunFacts {
        llmCalls = new TreeMap<>(llmCalls);
        tokens = new TreeMap<>(tokens);
        llmFailures = new TreeMap<>(llmFailures);
        nodeFailures = new TreeMap<>(nodeFailures);
        responseFailures = new TreeMap<>(responseFailures);
        branchEnds = new TreeMap<>(branchEnds);
        recordFlags = new TreeMap<>(recordFlags);
        rootFills = List.copyOf(rootFills);
    }

    /** The facts of a finished run: its summary and the roots a {@link RunLedger} saw. */
    public static RunFacts of(RunSummary summary, List<RootFill> rootFills) {
        return new RunFacts(summary.documents(), summary.badInputs(), summary.roots(), summary.quota(),
                summary.candidates(), summary.kept(), summary.duplicates(), summary.crossRootDuplicates(),
                summary.records(), summary.llmCalls(), summary.tokens(), summary.llmFailures(), summary.nodeFailures(),
                summary.responseFailures(), summary.branchEnds(), summary.recordFlags(), summary.scorer(),
                summary.wallTime().toMillis() / 1000.0, rootFills);
    }

    /** Writes {@value #FILE_NAME} into {@code workDir} and returns its path. */
    public Path writeTo(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE_NAME);
        JSON.writeValue(file.toFile(), this);
        return file;
    }

    /**
     * Reads {@value #FILE_NAME} from {@code workDir}.
     *
     * @throws NoSuchFileException when the directory holds none
     * @throws IOException naming the file when it does not parse
     */
    public static RunFacts readFrom(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no run summary: generate writes it with --work-dir");
        }
        try {
            return JSON.readValue(file.toFile(), RunFacts.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a run summary: " + e.getMessage(), e);
        }
    }
}
