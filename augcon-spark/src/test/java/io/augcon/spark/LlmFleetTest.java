package io.augcon.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which server each task of a {@link LlmFleet} asks, and what a fleet refuses. */
class LlmFleetTest {
    private static final LlmFleet.PerServer NOTHING = (builder, baseUrl) -> { };

    @Test
    void partitionsGoRoundTheListSoEachServerGetsItsShareOfTasks() {
        LlmFleet fleet = LlmFleet.of(List.of("http://a/v1", "http://b/v1", "http://c/v1"), NOTHING);

        assertThat(IntStream.range(0, 7).mapToObj(fleet::serverOf)).containsExactly(
                "http://a/v1", "http://b/v1", "http://c/v1", "http://a/v1", "http://b/v1", "http://c/v1", "http://a/v1");
        assertThat(IntStream.range(0, 7).map(fleet::variantOf)).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    @Test
    void aFleetOfOneIsThatServersOwnFactory() {
        LlmFleet one = LlmFleet.of(List.of("http://a/v1"), NOTHING);

        assertThat(IntStream.range(0, 5).map(one::variantOf)).containsOnly(0);
    }

    @Test
    void anEmptyListOrABlankUrlIsRefused() {
        assertThatThrownBy(() -> LlmFleet.of(List.of(), NOTHING)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("baseUrls: one or more non-blank URLs are needed");
        assertThatThrownBy(() -> LlmFleet.of(List.of("http://a/v1", " "), NOTHING)).isInstanceOf(IllegalArgumentException.class);
    }
}
