package io.augcon.api;

import java.util.Locale;

/** The languages the pipeline has prompts, tokenisers and sentence rules for. */
public enum Language {
    /** English. */
    EN("en"),
    /** Chinese (simplified or traditional). */
    ZH("zh");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** The ISO 639-1 code written into records: {@code "en"} or {@code "zh"}. */
    public String code() {
        return code;
    }

    /**
     * Parses an ISO 639-1 code, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted codes when {@code code} is not one
     */
    public static Language fromCode(String code) {
        String c = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        for (Language l : values()) {
            if (l.code.equals(c)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown language '" + code + "': expected en or zh");
    }
}
