package io.augcon.core.corpus;

import io.augcon.api.Document;
import io.augcon.core.event.BadInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Walks the documents of a corpus file by file, opening each file only when the previous one is
 * used up. An explicit iterator rather than {@code Stream.flatMap}, because a flat-mapped stream
 * consumed through its iterator or spliterator buffers a whole inner stream, which for a 10 GB
 * JSONL file means reading it all before the first document comes out.
 */
final class DocumentIterator implements Iterator<Document>, AutoCloseable {

    private final Iterator<CorpusFile> files;
    private final Consumer<BadInput> rejects;
    private final SeenIds ids = new SeenIds();
    private DocumentSource current;
    private Document pending;
    private boolean closed;

    DocumentIterator(List<CorpusFile> files, Consumer<BadInput> rejects) {
        this.files = files.iterator();
        this.rejects = rejects;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            throw new IllegalStateException("the corpus stream is closed");
        }
        try {
            while (pending == null) {
                if (current == null && !files.hasNext()) {
                    return false;
                }
                if (current == null) {
                    current = DocumentSource.open(files.next());
                }
                accept(current.next(rejects));
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document document = pending;
        pending = null;
        return document;
    }

    /** Releases the open file, if any; the iterator cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        try {
            closeCurrent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(Document document) throws IOException {
        if (document == null) {
            closeCurrent();
        } else if (ids.add(document.id())) {
            pending = document;
        } else {
            rejects.accept(new BadInput(document.source(), "duplicate document id '" + document.id() + "'"));
        }
    }

    private void closeCurrent() throws IOException {
        DocumentSource source = current;
        current = null;
        if (source != null) {
            source.close();
        }
    }
}
