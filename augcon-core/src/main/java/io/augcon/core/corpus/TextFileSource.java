package io.augcon.core.corpus;

import io.augcon.api.Document;
import io.augcon.core.event.BadInput;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** A {@code .txt} or {@code .md} file: one document, whose id and source are its path. */
final class TextFileSource implements DocumentSource {

    private final CorpusFile file;
    private boolean done;

    TextFileSource(CorpusFile file) {
        this.file = file;
    }

    @Override
    public Document next(Consumer<BadInput> rejects) throws IOException {
        if (done) {
            return null;
        }
        done = true;
        byte[] bytes;
        try (InputStream in = file.open()) {
            bytes = in.readAllBytes();
        }
        try {
            String text = StrictUtf8.stripBom(new StrictUtf8().decode(bytes, bytes.length));
            if (text.isBlank()) {
                throw new BadEntry("empty file");
            }
            return new Document(file.relativePath(), text, file.relativePath(), null);
        } catch (BadEntry e) {
            rejects.accept(new BadInput(file.relativePath(), e.reason()));
            return null;
        }
    }

    @Override
    public void close() {
        done = true;
    }
}
