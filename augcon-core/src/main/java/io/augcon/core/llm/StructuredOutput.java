package io.augcon.core.llm;

import io.augcon.api.LlmException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Whether the run's stages ask the server to enforce a JSON Schema on their answers (contracts
 * §7), and the one place that turns it off when the server refuses. Many servers accept the
 * field; some reject it with a 400. The first refusal turns structured output off for the rest of
 * the run and is reported once; the refused request and every later one are asked in the text
 * layout, so a refusing server gives the records a text-layout run gives.
 *
 * <pre>{@code
 * StructuredOutput structured = StructuredOutput.on(error -> System.err.println("no schemas: " + error.getMessage()));
 * CstStep step = CstStep.builder().backend(backend).structuredOutput(structured).build();
 * }</pre>
 *
 * <p>Thread-safe: stages on any thread share one instance per run.
 */
public final class StructuredOutput {
    private static final StructuredOutput OFF = new StructuredOutput(false, error -> { });

    private final AtomicBoolean active;
    private final Consumer<LlmException> onRefusal;

    private StructuredOutput(boolean active, Consumer<LlmException> onRefusal) {
        this.active = new AtomicBoolean(active);
        this.onRefusal = onRefusal;
    }

    /** Never asks for a schema: every stage uses its text layout. */
    public static StructuredOutput off() {
        return OFF;
    }

    /** Asks for schemas until a server refuses; {@code onRefusal} hears the first refusal, once. */
    public static StructuredOutput on(Consumer<LlmException> onRefusal) {
        return new StructuredOutput(true, Objects.requireNonNull(onRefusal, "onRefusal"));
    }

    /** Whether stages should ask for a schema now. */
    public boolean active() {
        return active.get();
    }

    /**
     * Asks {@code underSchema} while structured output is on; after a refusal (of this request or
     * an earlier one), or when it is off, asks {@code inText}. Other failures pass through.
     */
    public <T> CompletionStage<T> ask(Supplier<? extends CompletionStage<T>> underSchema,
            Supplier<? extends CompletionStage<T>> inText) {
        if (!active()) {
            return inText.get();
        }
        return underSchema.get().exceptionallyCompose(error -> refusedBy(error)
                ? inText.get() : CompletableFuture.failedFuture(error));
    }

    /**
     * Whether {@code error} is a server refusing the schema: an HTTP 400 whose text names
     * {@code response_format}, {@code format} or a schema. When it is, structured output is off
     * from now on, and the first refusal is reported; the caller then asks in the text layout.
     */
    public boolean refusedBy(Throwable error) {
        LlmException e = LlmException.find(error).orElse(null);
        if (e == null || e.kind() != LlmException.Kind.HTTP_STATUS || e.status().orElse(-1) != 400) {
            return false;
        }
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (!text.contains("format") && !text.contains("schema")) {
            return false;
        }
        if (active.compareAndSet(true, false)) {
            onRefusal.accept(e);
        }
        return true;
    }
}
