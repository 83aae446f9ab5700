package io.augcon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.scorer.ContrastiveScorer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code augcon score}: adds the trained scorer's {@code score} to JSONL lines {@code {"context", "query"}}. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score JSONL lines {\"context\", \"query\"} with a trained scorer; writes them back with a \"score\" field.")
final class ScoreCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 512;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A scorer made by train-scorer or generate --save-scorer.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSONL lines with context and query.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where the scored lines go.")
    Path output;

    @Override
    public Integer call() throws IOException {
        ContrastiveScorer scorer = ContrastiveScorer.load(model);
        long lines = score(scorer);
        spec.commandLine().getOut().println("scored " + lines + " lines; wrote " + output);
        return 0;
    }

    private long score(ContrastiveScorer scorer) throws IOException {
        long count = 0;
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            List<ObjectNode> batch = new ArrayList<>(BATCH);
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                batch.add(parse(line, number));
                if (batch.size() == BATCH) {
                    count += flush(scorer, batch, out);
                }
            }
            count += flush(scorer, batch, out);
        }
        return count;
    }

    private ObjectNode parse(String line, int number) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(input + ":" + number + ": not a JSON object");
        }
        if (!(node instanceof ObjectNode) || !node.path("context").isTextual() || !node.path("query").isTextual()) {
            throw new IllegalArgumentException(input + ":" + number + ": needs string fields 'context' and 'query'");
        }
        return (ObjectNode) node;
    }

    private static int flush(ContrastiveScorer scorer, List<ObjectNode> batch, BufferedWriter out) throws IOException {
        List<String> contexts = batch.stream().map(n -> n.get("context").asText()).toList();
        List<String> queries = batch.stream().map(n -> n.get("query").asText()).toList();
        double[] scores = scorer.score(contexts, queries);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).put("score", scores[i]);
            out.write(JSON.writeValueAsString(batch.get(i)));
            out.write('\n');
        }
        int n = batch.size();
        batch.clear();
        return n;
    }
}
