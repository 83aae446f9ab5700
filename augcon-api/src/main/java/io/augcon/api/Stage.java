package io.augcon.api;

/**
 * What every pipeline stage has: a short identifier recorded as provenance. One shared default,
 * so a class that implements several stages (the joint tree step is a {@link NodeExpander}, a
 * {@link QueryGenerator} and a {@link ContextSplitter}) needs no override.
 */
public interface Stage {

    /** A short identifier recorded as provenance; the class name unless overridden. */
    default String id() {
        return getClass().getSimpleName();
    }
}
