package io.augcon.cli;

/**
 * Marks a mixin whose every option (those of its {@code @ArgGroup}s included) decides which
 * records a run writes. {@link WorkDir#settings} fingerprints exactly these options, so a resume
 * with one of them changed is refused naming it; an option that only changes how fast, with which
 * credentials, within which budget or where results go belongs in a mixin without this mark.
 */
interface RecordSettings {}
