package io.augcon.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** The parts of a {@code multipart/form-data} body by field name, as the loopback files endpoint reads an upload. */
final class Multipart {
    private final Map<String, byte[]> parts;

    private Multipart(Map<String, byte[]> parts) {
        this.parts = parts;
    }

    /**
     * Splits {@code body} at the boundary {@code contentType} names.
     *
     * @throws IllegalArgumentException naming what is wrong with the form
     */
    static Multipart parse(String contentType, byte[] body) {
        int at = contentType == null ? -1 : contentType.indexOf("boundary=");
        if (contentType == null || !contentType.startsWith("multipart/form-data") || at < 0) {
            throw new IllegalArgumentException("expected multipart/form-data with a boundary, was " + contentType);
        }
        byte[] delimiter = ("\r\n--" + contentType.substring(at + "boundary=".length()).replace("\"", "").strip())
                .getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter has no line break before it; a leading CRLF makes every delimiter alike.
        byte[] text = new byte[body.length + 2];
        text[0] = '\r';
        text[1] = '\n';
        System.arraycopy(body, 0, text, 2, body.length);
        Map<String, byte[]> parts = new HashMap<>();
        int start = indexOf(text, delimiter, 0);
        while (start >= 0) {
            int partStart = start + delimiter.length;
            if (partStart + 2 <= text.length && text[partStart] == '-' && text[partStart + 1] == '-') {
                return new Multipart(parts);
            }
            int next = indexOf(text, delimiter, partStart);
            if (next < 0) {
                break;
            }
            part(Arrays.copyOfRange(text, partStart + 2, next), parts);
            start = next;
        }
        throw new IllegalArgumentException("the multipart body does not end with its closing boundary");
    }

    private static void part(byte[] part, Map<String, byte[]> parts) {
        int headersEnd = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (headersEnd < 0) {
            throw new IllegalArgumentException("a multipart part has no blank line after its headers");
        }
        String headers = new String(part, 0, headersEnd, StandardCharsets.ISO_8859_1);
        int name = headers.indexOf("name=\"");
        if (name < 0) {
            throw new IllegalArgumentException("a multipart part has no name");
        }
        String field = headers.substring(name + 6, headers.indexOf('"', name + 6));
        parts.put(field, Arrays.copyOfRange(part, headersEnd + 4, part.length));
    }

    private static int indexOf(byte[] text, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= text.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (text[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The field's bytes, or null. */
    byte[] bytes(String field) {
        return parts.get(field);
    }

    /** The field as UTF-8 text, or null. */
    String text(String field) {
        byte[] value = parts.get(field);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
