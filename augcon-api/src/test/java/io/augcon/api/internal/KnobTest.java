package io.augcon.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KnobTest {
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("int below its floor", (Supplier<?>) () -> Knob.atLeast("maxAttempts", 0, 1),
                        "maxAttempts must be >= 1, was 0"),
                Arguments.of("double below its floor", (Supplier<?>) () -> Knob.atLeast("weightDecay", -0.5, 0),
                        "weightDecay must be >= 0, was -0.5"),
                Arguments.of("infinite double with a floor", (Supplier<?>) () -> Knob.atLeast("oversample", Double.POSITIVE_INFINITY, 1),
                        "oversample must be >= 1, was Infinity"),
                Arguments.of("zero where above 0 is asked", (Supplier<?>) () -> Knob.positive("learningRate", 0.0),
                        "learningRate must be > 0, was 0.0"),
                Arguments.of("int outside a closed range", (Supplier<?>) () -> Knob.inRange("which", 3, 1, 2),
                        "which must be in [1, 2], was 3"),
                Arguments.of("NaN in a closed range", (Supplier<?>) () -> Knob.inRange("jitter", Double.NaN, 0, 1),
                        "jitter must be in [0, 1], was NaN"),
                Arguments.of("the open end of a closed-open range", (Supplier<?>) () -> Knob.inClosedOpen("dropout", 1.0, 0, 1),
                        "dropout must be in [0, 1), was 1.0"),
                Arguments.of("the open end of an open-closed range", (Supplier<?>) () -> Knob.inOpenClosed("factor", 1.0, 1, 16),
                        "factor must be in (1, 16], was 1.0"),
                Arguments.of("a fractional bound", (Supplier<?>) () -> Knob.inOpenRange("decrease", 0.75, 0, 0.5),
                        "decrease must be in (0, 0.5), was 0.75"),
                Arguments.of("a zero duration", (Supplier<?>) () -> Knob.positive("timeout", Duration.ZERO),
                        "timeout must be positive, was PT0S"),
                Arguments.of("a negative duration", (Supplier<?>) () -> Knob.notNegative("retryAfter", Duration.ofSeconds(-1)),
                        "retryAfter must not be negative, was PT-1S"),
                Arguments.of("a blank name", (Supplier<?>) () -> Knob.notBlank("model", " "), "model must not be blank"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusalNamesTheKnobTheRangeAndTheValue(String what, Supplier<?> check, String message) {
        assertThatThrownBy(check::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void aValueOnAClosedEdgeIsReturned(String what, Supplier<?> check, Object value) {
        assertThat(check.get()).isEqualTo(value);
    }

    static Stream<Arguments> edges() {
        return Stream.of(
                Arguments.of("int floor", (Supplier<?>) () -> Knob.atLeast("n", 1, 1), 1),
                Arguments.of("double floor", (Supplier<?>) () -> Knob.atLeast("x", 0.0, 0), 0.0),
                Arguments.of("closed end of closed-open", (Supplier<?>) () -> Knob.inClosedOpen("x", 0.0, 0, 1), 0.0),
                Arguments.of("int range top", (Supplier<?>) () -> Knob.inRange("n", 2, 1, 2), 2),
                Arguments.of("a null retry-after", (Supplier<?>) () -> Knob.notNegative("retryAfter", null) == null, true));
    }
}
