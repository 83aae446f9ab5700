package io.augcon.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.Language;
import io.augcon.core.filter.Quota;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * {@link AugConConfig} to JSON and back. The records map themselves (components in snake_case);
 * this class adds the few types that are not records (quota, duration, language) and the rule
 * that a missing field takes its default and an unknown one is an error.
 */
final class ConfigJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .addModule(valueTypes())
            .build();

    private ConfigJson() {}

    static String write(AugConConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a configuration could not be written as JSON", e);
        }
    }

    static AugConConfig read(String json) {
        try {
            JsonNode given = JSON.readTree(json);
            if (given == null || !given.isObject()) {
                throw new IllegalArgumentException("an AugCon configuration must be a JSON object");
            }
            ObjectNode merged = JSON.valueToTree(AugConConfig.DEFAULTS);
            overlay(merged, (ObjectNode) given, "");
            return JSON.treeToValue(merged, AugConConfig.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("configuration is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes {@code given}'s fields over {@code defaults}, descending into groups. A group's field
     * that the defaults do not have is unknown; open maps and lists (principles, seed examples)
     * are taken whole.
     */
    private static void overlay(ObjectNode defaults, ObjectNode given, String path) {
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            String name = path + field.getKey();
            JsonNode known = defaults.get(field.getKey());
            if (known == null && !defaults.has(field.getKey())) {
                throw new IllegalArgumentException("unknown configuration field '" + name + "'");
            }
            if (known != null && known.isObject() && known.size() > 0 && field.getValue().isObject()) {
                overlay((ObjectNode) known, (ObjectNode) field.getValue(), name + ".");
            } else {
                defaults.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
        String why = cause != null ? cause.getMessage() : e.getOriginalMessage();
        return "configuration field '" + path + "': " + why;
    }

    private static SimpleModule valueTypes() {
        SimpleModule module = new SimpleModule("augcon-config");
        module.addSerializer(Quota.class, new JsonSerializer<>() {
            @Override
            public void serialize(Quota quota, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeStartObject();
                out.writeStringField("unit", quota.unit().name().toLowerCase(Locale.ROOT));
                out.writeNumberField("per", quota.per());
                out.writeEndObject();
            }
        });
        module.addDeserializer(Quota.class, new JsonDeserializer<>() {
            @Override
            public Quota deserialize(JsonParser in, DeserializationContext context) throws IOException {
                JsonNode node = in.readValueAsTree();
                JsonNode per = node.get("per");
                Quota.Unit unit = Arrays.stream(Quota.Unit.values())
                        .filter(u -> u.name().equalsIgnoreCase(node.path("unit").asText()))
                        .findFirst().orElse(null);
                if (unit == null || per == null || !per.isNumber() || node.size() != 2) {
                    throw new IllegalArgumentException("a quota is {\"unit\": \"chars|words|sentences\", \"per\": N}, was " + node);
                }
                return Quota.of(unit, per.asDouble());
            }
        });
        module.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration duration, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(duration.toString());
            }
        });
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser in, DeserializationContext context) throws IOException {
                try {
                    return Duration.parse(in.getValueAsString());
                } catch (DateTimeParseException | NullPointerException e) {
                    throw new IllegalArgumentException("a duration is ISO-8601 text such as \"PT30S\", was " + in.getText());
                }
            }
        });
        module.addSerializer(Language.class, new JsonSerializer<>() {
            @Override
            public void serialize(Language language, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(language.code());
            }
        });
        module.addKeySerializer(Language.class, new JsonSerializer<>() {
            @Override
            public void serialize(Language language, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeFieldName(language.code());
            }
        });
        module.addDeserializer(Language.class, new JsonDeserializer<>() {
            @Override
            public Language deserialize(JsonParser in, DeserializationContext context) throws IOException {
                return Language.fromCode(in.getValueAsString());
            }
        });
        module.addKeyDeserializer(Language.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext context) {
                return Language.fromCode(key);
            }
        });
        return module;
    }
}
