package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationSecondsTest {

    @Test
    void humanDurationsAreWholeSeconds() {
        assertThat(DurationSeconds.seconds("90")).isEqualTo(90);
        assertThat(DurationSeconds.seconds("90s")).isEqualTo(90);
        assertThat(DurationSeconds.seconds("9m")).isEqualTo(540);
        assertThat(DurationSeconds.seconds("1h")).isEqualTo(3600);
        assertThat(DurationSeconds.seconds("1h30m")).isEqualTo(5400);
        assertThat(DurationSeconds.seconds("2m30s")).isEqualTo(150);
        assertThat(DurationSeconds.seconds("1h0m5s")).isEqualTo(3605);
        assertThat(DurationSeconds.seconds("1H30M")).as("either case").isEqualTo(5400);
        assertThat(DurationSeconds.seconds(" 10m ")).as("surrounding blanks").isEqualTo(600);
        assertThat(DurationSeconds.seconds("200m")).as("a unit may exceed the next one up").isEqualTo(12_000);
    }

    @Test
    void isoDurationsAreReadByTheJdk() {
        assertThat(DurationSeconds.seconds("PT9M")).isEqualTo(540);
        assertThat(DurationSeconds.seconds("pt1h30m")).isEqualTo(5400);
        assertThat(DurationSeconds.seconds("P1D")).isEqualTo(86_400);
        assertThat(DurationSeconds.seconds("PT1.5S")).as("rounded to the nearest second").isEqualTo(2);
        assertThat(DurationSeconds.seconds("PT0.5S")).isEqualTo(1);
    }

    @Test
    void anythingElseIsRefusedNamingTheValueAndTheAcceptedForms() {
        for (String bad : new String[] {"", " ", "0", "0s", "0h0m", "PT0S", "PT0.4S", "-5", "-5m", "-PT5M", "PT-5M",
                "1.5h", "90x", "5d", "1 h", "1h 30m", "1h30", "m", "h5", "30m1h", "1h1h", "5mm", "+90", "abc", "P",
                "PT", "1h-5m", "٣٠s", "99999999999999999999", "596524h", "PT596524H", "PT9999999999999999999H"}) {
            assertThatThrownBy(() -> DurationSeconds.seconds(bad)).as("'%s'", bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessageStartingWith("'" + bad + "' ")
                    .hasMessageEndingWith(DurationSeconds.FORMS);
        }
        assertThatThrownBy(() -> DurationSeconds.seconds("0m")).hasMessageContaining("not a positive duration");
        assertThatThrownBy(() -> DurationSeconds.seconds("999999999999")).hasMessageContaining("too long");
    }

    @Test
    void theLargestIntIsStillAccepted() {
        assertThat(DurationSeconds.seconds(Integer.toString(Integer.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        assertThat(DurationSeconds.seconds("596523h14m7s")).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> DurationSeconds.seconds("596523h14m8s")).hasMessageContaining("too long");
    }
}
