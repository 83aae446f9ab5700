package io.augcon.core;

import io.augcon.api.SftRecord;
import io.augcon.core.run.RunSummary;
import java.util.List;
import java.util.Objects;

/**
 * What {@link AugCon#generate} returns: the records, in corpus order, and the run's summary, so an
 * in-memory run hides nothing that a run to a file would print.
 *
 * <pre>{@code
 * Generated out = augcon.generate(List.of(Document.of("doc-1", text)));
 * if (out.records().isEmpty()) {
 *     System.err.println(out.summary().whyEmpty().orElseThrow());   // e.g. every paragraph too short
 * }
 * }</pre>
 *
 * @param records the records, in corpus order
 * @param summary what the run did: counts, drops by reason, LLM calls, failures
 */
public record Generated(List<SftRecord> records, RunSummary summary) {
    /** The records are copied; both parts are required. */
    public Generated {
        records = List.copyOf(records);
        Objects.requireNonNull(summary, "summary");
    }
}
