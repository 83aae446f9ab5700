/**
 * The work directory on SQLite: {@link io.augcon.store.SqliteAnswerStore}, the persistent LLM
 * answer cache, and {@link io.augcon.store.RunJournal}, the record journal that lets an output
 * survive a crash and a rerun resume it. Kept out of {@code augcon-core}, which stays free of
 * native libraries.
 */
package io.augcon.store;
