package io.augcon.core.corpus;

import io.augcon.api.Document;
import io.augcon.core.event.BadInput;
import java.io.Closeable;
import java.io.IOException;
import java.util.function.Consumer;

/** The documents of one corpus file, read on demand so that only one file is open at a time. */
interface DocumentSource extends Closeable {

    /**
     * The next good document, or null when the file is exhausted. Bad entries on the way are
     * passed to {@code rejects} (which may throw, in strict mode) and skipped.
     */
    Document next(Consumer<BadInput> rejects) throws IOException;

    /** Opens the source for {@code file}'s format. */
    static DocumentSource open(CorpusFile file) throws IOException {
        return switch (file.format()) {
            case WHOLE_FILE -> new TextFileSource(file);
            case JSONL -> new JsonlSource(file);
        };
    }
}
