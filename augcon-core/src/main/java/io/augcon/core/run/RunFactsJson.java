package io.augcon.core.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link RunFacts} to {@value RunFacts#FILE_NAME} and back. The records map themselves
 * (components in snake_case); this class adds durations as seconds (exact to the nanosecond),
 * the {@code wall_seconds} name the file has always used, and the rule that a field the file
 * lacks takes an empty run's value, so files that saved only part of the summary still read.
 */
final class RunFactsJson {
    private static final String ROOT_FILLS = "root_fills";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addMixIn(RunSummary.class, SummaryNames.class)
            .addMixIn(ResilienceCounts.class, ResilienceNames.class)
            .addModule(seconds())
            .build();
    /** What a field missing from a file reads as: the summary of a run that did nothing. */
    private static final RunSummary EMPTY = new RunCounters(() -> 0L).summary();

    private RunFactsJson() {}

    /** The file's names for components whose unit the name must carry. */
    private interface SummaryNames {
        @JsonProperty("wall_seconds")
        Duration wallTime();
    }

    private interface ResilienceNames {
        @JsonProperty("paused_seconds")
        Duration paused();
    }

    static void write(RunFacts facts, Path file) throws IOException {
        ObjectNode out = JSON.valueToTree(facts.summary());
        out.set(ROOT_FILLS, JSON.valueToTree(facts.rootFills()));
        JSON.writeValue(file.toFile(), out);
    }

    static RunFacts read(Path file) throws IOException {
        JsonNode given = JSON.readTree(file.toFile());
        if (given == null || !given.isObject()) {
            throw new IOException("expected a JSON object");
        }
        ObjectNode summary = JSON.valueToTree(EMPTY);
        given.properties().forEach(field -> summary.set(field.getKey(), field.getValue()));
        JsonNode fills = summary.remove(ROOT_FILLS);
        List<RootFill> rootFills = fills == null ? List.of()
                : JSON.convertValue(fills, new TypeReference<List<RootFill>>() {});
        return new RunFacts(JSON.treeToValue(summary, RunSummary.class), rootFills);
    }

    private static SimpleModule seconds() {
        SimpleModule module = new SimpleModule("augcon-run-facts");
        module.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration duration, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeNumber(BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                        .stripTrailingZeros());
            }
        });
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser in, DeserializationContext context) throws IOException {
                BigDecimal seconds = in.getDecimalValue();
                long whole = seconds.longValue();
                return Duration.ofSeconds(whole, seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
            }
        });
        return module;
    }
}
