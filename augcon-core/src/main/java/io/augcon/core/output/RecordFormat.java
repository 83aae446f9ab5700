package io.augcon.core.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.augcon.api.SftRecord;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes records are written in. {@link #AUGCON} keeps everything; the others are the
 * fine-tuning formats of common trainers and keep only the pair.
 */
public enum RecordFormat {
    /** The full record with provenance (contracts, section 4). */
    AUGCON {
        @Override
        ObjectNode toJson(SftRecord r, ObjectMapper json) {
            ObjectNode o = json.createObjectNode();
            o.put("id", r.id());
            o.put("query", r.query());
            o.put("response", r.response());
            o.put("context", r.context());
            o.put("document_id", r.documentId());
            o.put("root_id", r.rootId());
            o.put("depth", r.depth());
            if (r.score() == null) {
                o.putNull("score");
            } else {
                o.put("score", r.score());
            }
            o.put("language", r.language().code());
            o.put("root_start", r.rootStart());
            o.put("root_end", r.rootEnd());
            o.put("model", r.model());
            ObjectNode provenance = o.putObject("provenance");
            for (Map.Entry<String, Object> e : r.provenance().entrySet()) {
                provenance.set(e.getKey(), json.valueToTree(e.getValue()));
            }
            return o;
        }
    },
    /** {@code {"instruction", "input", "output"}}. */
    ALPACA {
        @Override
        ObjectNode toJson(SftRecord r, ObjectMapper json) {
            ObjectNode o = json.createObjectNode();
            o.put("instruction", r.query());
            o.put("input", "");
            o.put("output", r.response());
            return o;
        }
    },
    /** {@code {"conversations": [{"from": "human", ...}, {"from": "gpt", ...}]}}. */
    SHAREGPT {
        @Override
        ObjectNode toJson(SftRecord r, ObjectMapper json) {
            ObjectNode o = json.createObjectNode();
            var turns = o.putArray("conversations");
            turns.addObject().put("from", "human").put("value", r.query());
            turns.addObject().put("from", "gpt").put("value", r.response());
            return o;
        }
    },
    /** OpenAI chat fine-tuning: {@code {"messages": [{"role": "user", ...}, {"role": "assistant", ...}]}}. */
    OPENAI {
        @Override
        ObjectNode toJson(SftRecord r, ObjectMapper json) {
            ObjectNode o = json.createObjectNode();
            var messages = o.putArray("messages");
            messages.addObject().put("role", "user").put("content", r.query());
            messages.addObject().put("role", "assistant").put("content", r.response());
            return o;
        }
    };

    abstract ObjectNode toJson(SftRecord record, ObjectMapper json);

    /** The format's name as the CLI spells it: {@code augcon}, {@code alpaca}, {@code sharegpt}, {@code openai}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a CLI name, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted formats
     */
    public static RecordFormat fromName(String name) {
        for (RecordFormat f : values()) {
            if (f.cliName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "': expected augcon, alpaca, sharegpt or openai");
    }
}
