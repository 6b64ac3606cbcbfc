package io.sightline.inference.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlobPatternTest {

    @Test
    void starMatchesAnyRunAndQuestionMarkOneCharacter() {
        assertThat(GlobPattern.of("vision-*").matches("vision-pets")).isTrue();
        assertThat(GlobPattern.of("vision-*").matches("vision-")).isTrue();
        assertThat(GlobPattern.of("vision-*").matches("audio-pets")).isFalse();
        assertThat(GlobPattern.of("*-v?").matches("pets-v2")).isTrue();
        assertThat(GlobPattern.of("*-v?").matches("pets-v")).isFalse();
        assertThat(GlobPattern.of("*-v?").matches("pets-v22")).isFalse();
        assertThat(GlobPattern.of("a*b*c").matches("axxbyyc")).isTrue();
        assertThat(GlobPattern.of("a*b*c").matches("axxbyy")).isFalse();
        assertThat(GlobPattern.of("*").matches("")).isTrue();
        assertThat(GlobPattern.of("pets").matches("pets")).isTrue();
        assertThat(GlobPattern.of("pets").matches("pets2")).isFalse();
        assertThat(GlobPattern.of("*ab").matches("aab")).as("the star backs off one character").isTrue();
        assertThat(GlobPattern.of("a.b").matches("axb")).as("a dot is a dot, not a regex").isFalse();
    }

    @Test
    void hostilePatternsMatchInBoundedTime() {
        // exponential for a backtracking regex engine (a*a*a*...b on aaaa...); here at most name × pattern steps
        String pattern = "*a".repeat(GlobPattern.MAX_LENGTH / 2 - 1) + "*b";
        String name = "a".repeat(100_000);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(GlobPattern.of(pattern).matches(name)).isFalse();
            assertThat(GlobPattern.of("?".repeat(200) + "*?*?*?*b").matches(name)).isFalse();
        }
        assertThat((System.nanoTime() - start) / 1e9).as("seconds for 20 hostile matches").isLessThan(5);
    }

    @Test
    void refusesEmptyAndOverlongPatterns() {
        assertThatThrownBy(() -> GlobPattern.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GlobPattern.of("*".repeat(GlobPattern.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
