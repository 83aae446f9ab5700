package io.augcon.llm;

import io.augcon.api.Document;
import java.util.List;

/** A two-document English corpus small enough for whole runs in unit tests. */
public final class TestCorpus {
    private TestCorpus() {}

    public static final List<Document> DOCUMENTS = List.of(
            Document.of("gears", "A bicycle's gears let the rider keep a comfortable cadence on hills and flats. "
                    + "The chain moves between sprockets on the rear hub and chainrings at the pedals. "
                    + "A low gear turns the wheel slowly and makes climbing easier. "
                    + "A high gear turns it quickly and suits fast, flat roads. "
                    + "Shifting under heavy load wears the chain, so riders ease off the pedals while they shift."),
            Document.of("library", "The library lends books for three weeks and renews them twice online. "
                    + "Laptops may be borrowed for four hours inside the building. "
                    + "Group study rooms are booked a week ahead and hold six people. "
                    + "Late returns pay a small fine per day, capped at the price of the item."));
}
