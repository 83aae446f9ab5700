package io.augcon.scorer;

import io.augcon.api.TextEncoder;
import io.augcon.scorer.encoder.EmbeddingModelEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bundled text encoders by name. Each runs in process through ONNX Runtime from a jar on the
 * class path; nothing is downloaded.
 *
 * <ul>
 *   <li>{@code bge-small-zh} (the default): BAAI bge-small-zh-v1.5, 512 dimensions; Chinese, and
 *       English well enough;
 *   <li>{@code bge-small-en}: BAAI bge-small-en-v1.5, 384 dimensions; English only.
 * </ul>
 *
 * <p>An encoder's {@link TextEncoder#id() id} (e.g. {@code bge-small-zh-v1.5}) is accepted as a
 * name too, so a saved scorer's recorded encoder can be looked up here.
 *
 * <pre>{@code
 * TextEncoder encoder = Encoders.byName("bge-small-en");
 * }</pre>
 */
public final class Encoders {
    /** The name of the default encoder. */
    public static final String DEFAULT = "bge-small-zh";

    private static final Map<String, Supplier<TextEncoder>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of(
            "bge-small-zh-v1.5", "bge-small-zh",
            "bge-small-en-v1.5", "bge-small-en");

    static {
        BY_NAME.put("bge-small-zh", EmbeddingModelEncoder::bgeSmallZh);
        BY_NAME.put("bge-small-en", EmbeddingModelEncoder::bgeSmallEn);
    }

    private Encoders() {}

    /** The names {@link #byName} knows, default first. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * A new encoder of the given name (loading the model takes a second or two).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static TextEncoder byName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        key = ALIASES.getOrDefault(key, key);
        Supplier<TextEncoder> supplier = BY_NAME.get(key);
        if (supplier == null) {
            throw new IllegalArgumentException("unknown encoder '" + name + "'; known encoders: "
                    + String.join(", ", names()));
        }
        return supplier.get();
    }
}
