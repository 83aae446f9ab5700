package io.augcon.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option whose value is one of a few lower-case names, each standing for a library value: the
 * picocli converter (case-insensitive, surrounding blanks ignored) and, as an {@code Iterable},
 * the completion candidates that {@code ${COMPLETION-CANDIDATES}} lists in the help. A name not in
 * the list fails with {@link Unknown}, which {@link ExitCodes} reports as exit 2 naming the option
 * and the accepted names. Subclasses give the names; picocli creates them by their no-argument
 * constructor.
 *
 * <pre>
 * {@literal @}Option(names = "--split", converter = Splits.class, completionCandidates = Splits.class, ...)
 * SplitMode split;
 * </pre>
 *
 * @param <T> the library value the names stand for
 */
abstract class Choice<T> implements ITypeConverter<T>, Iterable<String> {
    private final Map<String, T> byName;

    /** @param byName the accepted names, in the order the help lists them, and what each stands for */
    Choice(Map<String, T> byName) {
        this.byName = new LinkedHashMap<>(byName);
    }

    /** @param entries the accepted names, in the order the help lists them, and what each stands for */
    @SafeVarargs
    Choice(Map.Entry<String, T>... entries) {
        this.byName = new LinkedHashMap<>();
        for (Map.Entry<String, T> entry : entries) {
            byName.put(entry.getKey(), entry.getValue());
        }
    }

    /** Every value of {@code values} under its {@code name}. */
    static <E> Map<String, E> named(E[] values, Function<E, String> name) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E value : values) {
            byName.put(name.apply(value), value);
        }
        return byName;
    }

    @Override
    public T convert(String value) {
        String key = value.strip().toLowerCase(Locale.ROOT);
        if (!byName.containsKey(key)) {
            throw new Unknown(expected() + ", was '" + value + "'");
        }
        return byName.get(key);
    }

    /** The first name that stands for {@code value}: how a work dir's settings spell it. */
    String nameOf(Object value) {
        return byName.entrySet().stream().filter(e -> Objects.equals(e.getValue(), value)).map(Map.Entry::getKey)
                .findFirst().orElse(String.valueOf(value));
    }

    @Override
    public Iterator<String> iterator() {
        return byName.keySet().iterator();
    }

    /** "a, b or c". */
    private String expected() {
        List<String> names = new ArrayList<>(byName.keySet());
        String last = names.remove(names.size() - 1);
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }

    /** A name that is not one of the choices; the message lists the accepted names and the one given. */
    static final class Unknown extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        Unknown(String message) {
            super(message);
        }
    }
}
