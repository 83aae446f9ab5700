package io.augcon.core.event;

/**
 * Why the cross-root deduplication refused a record: the accepted record its query nearly
 * repeats, and how closely ({@link PipelineListener#recordDroppedAsDuplicate}).
 *
 * @param duplicateOfId   the id of the accepted record
 * @param duplicateOfRoot the root context of the accepted record
 * @param jaccard         the word-shingle Jaccard similarity of the two queries
 */
public record NearDuplicate(String duplicateOfId, String duplicateOfRoot, double jaccard) {}
