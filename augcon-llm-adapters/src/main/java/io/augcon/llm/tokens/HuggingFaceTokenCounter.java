package io.augcon.llm.tokens;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Counts tokens with a Hugging Face {@code tokenizer.json}, through DJL's binding of the Rust
 * {@code tokenizers} library (its native library ships inside the DJL jar). Give it the
 * tokenizer of the model that answers, found beside its weights, and the counts are the model's
 * own, not estimates; chat-template tokens are not counted.
 *
 * <pre>{@code
 * try (HuggingFaceTokenCounter qwen = HuggingFaceTokenCounter.load(Path.of("/models/qwen2.5-7b/tokenizer.json"))) {
 *     long n = qwen.count("How many tokens is this?");
 * }
 * }</pre>
 *
 * <p>Nothing is fetched from a hub: the file must be local. DJL is put in offline mode
 * ({@code ai.djl.offline=true}) unless the property was set, so it never tries to download.
 */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {
    /** No special tokens, no truncation, no padding: the text's own token count, however long. */
    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final String source;

    private HuggingFaceTokenCounter(HuggingFaceTokenizer tokenizer, String source) {
        this.tokenizer = tokenizer;
        this.source = source;
    }

    /**
     * Loads {@code tokenizerJson}.
     *
     * @throws IOException when the file cannot be read or is not a tokenizer
     */
    public static HuggingFaceTokenCounter load(Path tokenizerJson) throws IOException {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new java.nio.file.NoSuchFileException(tokenizerJson.toString(), null, "no tokenizer.json there");
        }
        offline();
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return new HuggingFaceTokenCounter(HuggingFaceTokenizer.newInstance(in, OPTIONS), tokenizerJson.toString());
        } catch (RuntimeException e) {
            throw new IOException(tokenizerJson + " is not a Hugging Face tokenizer.json: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a {@code tokenizer.json} from the class path, e.g. one that a model jar carries.
     *
     * @throws IOException when there is no such resource or it is not a tokenizer
     */
    public static HuggingFaceTokenCounter fromClasspath(String resource) throws IOException {
        offline();
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : HuggingFaceTokenCounter.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class path resource " + resource);
            }
            return new HuggingFaceTokenCounter(HuggingFaceTokenizer.newInstance(in, OPTIONS), "classpath:" + resource);
        } catch (RuntimeException e) {
            throw new IOException(resource + " is not a Hugging Face tokenizer.json: " + e.getMessage(), e);
        }
    }

    private static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    @Override
    public long count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        Encoding encoding = tokenizer.encode(text, false, false);
        return encoding.getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "HuggingFaceTokenCounter[" + source + "]";
    }
}
