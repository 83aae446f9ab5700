package io.augcon.spark;

import io.augcon.api.Document;
import io.augcon.api.Language;
import io.augcon.core.event.BadInput;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;

/**
 * A partition's rows as documents: column 0 the text, column 1 the id (as a string), column 2 the
 * declared language or null. A row whose
 * text or id is null or blank is bad input, as a JSONL line without text is to the CLI: it is
 * reported, naming the partition, the row and the column, and skipped.
 */
final class DocumentRows implements Iterator<Document> {
    private final Iterator<Row> rows;
    private final int partition;
    private final String textColumn;
    private final String idColumn;
    private final Consumer<BadInput> onBadInput;
    private long rowNumber;
    private Document next;

    /**
     * @param partition   the partition's index, for messages
     * @param textColumn  the text column's name in the user's dataset, for messages
     * @param idColumn    the id column's name, for messages
     * @param onBadInput  hears each skipped row
     */
    DocumentRows(Iterator<Row> rows, int partition, String textColumn, String idColumn, Consumer<BadInput> onBadInput) {
        this.rows = rows;
        this.partition = partition;
        this.textColumn = textColumn;
        this.idColumn = idColumn;
        this.onBadInput = onBadInput;
    }

    @Override
    public boolean hasNext() {
        while (next == null && rows.hasNext()) {
            next = document(rows.next(), ++rowNumber);
        }
        return next != null;
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document document = next;
        next = null;
        return document;
    }

    private Document document(Row row, long number) {
        String text = row.isNullAt(0) ? null : row.getString(0);
        String id = row.isNullAt(1) ? null : row.getString(1);
        String source = "partition " + partition + ", row " + number + (id == null ? "" : " (id '" + id + "')");
        String problem = problem(text, textColumn);
        if (problem == null) {
            problem = problem(id, idColumn);
        }
        if (problem != null) {
            onBadInput.accept(new BadInput(source, problem));
            return null;
        }
        return new Document(id, text, source, row.isNullAt(2) ? null : declared(row.getString(2)));
    }

    /** English or Chinese as a JSONL line declares them ("zh", "ZH", "zh-CN"); anything else is left to detection. */
    private static Language declared(String value) {
        String code = value.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return code.equals("en") || code.equals("zh") ? Language.fromCode(code) : null;
    }

    private static String problem(String value, String column) {
        if (value == null) {
            return "column '" + column + "' is null";
        }
        return value.isBlank() ? "column '" + column + "' is blank" : null;
    }
}
