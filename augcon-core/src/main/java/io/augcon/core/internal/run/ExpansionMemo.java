package io.augcon.core.internal.run;

import io.augcon.api.ContextNode;
import io.augcon.api.Expansion;
import io.augcon.api.NodeExpander;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the expansions of the scorer warm-up's trees so the main pass, which grows the same
 * trees with the same seeds, gets them without asking the LLM again. Each remembered expansion
 * is handed out once and then forgotten, so the memo empties as the main pass goes.
 */
final class ExpansionMemo {
    private final NodeExpander delegate;
    private final Map<String, CompletableFuture<Expansion>> remembered = new ConcurrentHashMap<>();

    ExpansionMemo(NodeExpander delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** An expander that asks the delegate and remembers what it answered (the warm-up's). */
    NodeExpander recording() {
        return stage(true);
    }

    /** An expander that hands out remembered answers once, else asks the delegate (the main pass's). */
    NodeExpander replaying() {
        return stage(false);
    }

    /** Expansions remembered and not yet handed out. */
    int size() {
        return remembered.size();
    }

    private NodeExpander stage(boolean record) {
        return new NodeExpander() {
            @Override
            public CompletionStage<Expansion> expand(ContextNode node, long seed) {
                String key = node.id() + "@" + seed;
                if (!record) {
                    CompletableFuture<Expansion> known = remembered.remove(key);
                    if (known != null) {
                        return known;
                    }
                }
                CompletableFuture<Expansion> asked;
                try {
                    asked = delegate.expand(node, seed).toCompletableFuture();
                } catch (RuntimeException e) {
                    asked = CompletableFuture.failedFuture(e);
                }
                if (record) {
                    remembered.put(key, asked);
                }
                return asked;
            }

            @Override
            public String id() {
                return delegate.id();
            }
        };
    }
}
