package io.augcon.core.offline;

/**
 * A noun phrase of a text and what it is, which decides the question asked about it: "How does
 * fermentation work?" fits a process, "What does the long brewing time lead to?" a cause.
 */
record KeyPhrase(String text, Kind kind) {
    /** What a phrase names, in the order {@link NounPhrases} tries them. */
    enum Kind {
        /** A phrase with a number in it: 50 minutes, 三杯绿茶. */
        QUANTITY,
        /** A phrase whose last word is a name: the Moon, London, 西湖. */
        NAME,
        /** A phrase next to a causal word: because of X, X leads to, 由于X, X导致. */
        CAUSE,
        /** A phrase whose last word names an action: fermentation, brewing, 杀青. */
        PROCESS,
        /** Any other noun phrase: green tea, 茶叶. */
        TERM;

        /** The name of the kind in {@code questions-<lang>.txt}. */
        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
