package io.augcon.core.internal.run;

import io.augcon.api.Language;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.text.Tokenizer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's view of its tokenizers: asks each language's tokenizer to get ready the first time the
 * run meets that language, and, when the run found it still loading, tells the listener how long
 * the load took once it is done ({@link PipelineListener#tokenizerLoaded}). A tokenizer that a
 * previous run of the JVM already loaded is not reported: this run did not wait for it.
 */
public final class TokenizerWait {
    private final PipelineListener listener;
    private final Set<Language> asked = ConcurrentHashMap.newKeySet();

    /** @param listener hears the loads this run waited for */
    public TokenizerWait(PipelineListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Starts loading {@code language}'s tokenizer, if nothing has yet, and watches the load once per run. */
    public void ask(Language language) {
        CompletableFuture<Void> ready = Tokenizer.ready(language);
        if (!asked.add(language) || ready.isDone()) {
            return;
        }
        ready.thenRun(() -> Tokenizer.loadTime(language).ifPresent(took -> listener.tokenizerLoaded(language, took)));
    }
}
