package io.augcon.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextSpanTest {

    @Test
    void ofReturnsTheCoveredCharacters() {
        assertThat(new TextSpan(4, 9).of("the quick fox")).isEqualTo("quick");
    }

    @Test
    void lengthCountsChars() {
        assertThat(new TextSpan(3, 10).length()).isEqualTo(7);
    }

    @Test
    void endBeforeStartIsRejected() {
        assertThatThrownBy(() -> new TextSpan(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeStartIsRejected() {
        assertThatThrownBy(() -> new TextSpan(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
