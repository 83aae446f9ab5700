package io.augcon.core.corpus;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and refuses invalid bytes instead of replacing them: a replacement character in
 * a training pair is silent corruption, while a report lets the user fix the file. One instance
 * per source, since decoders are stateful.
 */
final class StrictUtf8 {

    private static final char BOM = '\uFEFF';

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * The text of {@code bytes[0, length)}.
     *
     * @throws BadEntry naming the offset of the first invalid byte
     */
    String decode(byte[] bytes, int length) throws BadEntry {
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (!result.isUnderflow()) {
            throw new BadEntry("invalid UTF-8 at byte " + in.position());
        }
        out.flip();
        return out.toString();
    }

    /** {@code text} without a leading byte order mark, which editors on Windows like to add. */
    static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    }
}
