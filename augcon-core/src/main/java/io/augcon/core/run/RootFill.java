package io.augcon.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one root context fared against its quota, as the run saw it.
 *
 * @param rootId              the root's id ({@code document#index})
 * @param documentId          its document
 * @param chars               its length in characters
 * @param quota               pairs it owed
 * @param candidates          candidate queries ranked
 * @param treeRuns            trees grown
 * @param kept                candidates kept by the ROUGE-L filter
 * @param duplicates          candidates dropped as near-duplicates within the root
 * @param nodeFailures        tree nodes whose expansion failed
 * @param responseFailures    kept queries whose answer failed
 * @param crossRootDuplicates records refused by the cross-root deduplication
 * @param records             records written
 */
public record RootFill(
        String rootId,
        String documentId,
        int chars,
        int quota,
        int candidates,
        int treeRuns,
        int kept,
        int duplicates,
        int nodeFailures,
        int responseFailures,
        int crossRootDuplicates,
        int records) {

    /** Pairs missing to fill the quota. */
    public int shortfall() {
        return Math.max(0, quota - records);
    }

    /**
     * The first reason the root fell short, as a category for counting: {@code node failures},
     * {@code too few candidates}, {@code near-duplicates}, {@code answer failures},
     * {@code cross-root duplicates}; {@code filled} when it did not fall short.
     */
    public String category() {
        if (shortfall() == 0) {
            return "filled";
        }
        if (kept < quota && candidates < quota) {
            return nodeFailures > 0 ? "node failures" : "too few candidates";
        }
        if (kept < quota) {
            return "near-duplicates";
        }
        return responseFailures > 0 ? "answer failures" : "cross-root duplicates";
    }

    /** Why the root fell short, in words with the numbers; empty when it did not. */
    public String why() {
        if (shortfall() == 0) {
            return "";
        }
        List<String> reasons = new ArrayList<>();
        if (kept < quota && candidates < quota) {
            reasons.add(String.format(Locale.ROOT, "%d candidates from %d tree%s for a quota of %d", candidates,
                    treeRuns, treeRuns == 1 ? "" : "s", quota));
        }
        if (nodeFailures > 0) {
            reasons.add(nodeFailures + " node failure" + (nodeFailures == 1 ? "" : "s"));
        }
        if (kept < quota && candidates >= quota) {
            reasons.add(duplicates + " of " + candidates + " candidates were near-duplicates");
        }
        if (responseFailures > 0) {
            reasons.add(responseFailures + " answer" + (responseFailures == 1 ? "" : "s") + " failed");
        }
        if (crossRootDuplicates > 0) {
            reasons.add(crossRootDuplicates + " dropped as cross-root duplicate" + (crossRootDuplicates == 1 ? "" : "s"));
        }
        return String.join("; ", reasons);
    }
}
