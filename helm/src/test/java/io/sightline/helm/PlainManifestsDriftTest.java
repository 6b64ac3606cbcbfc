package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** k8s/sightline.yaml is the chart rendered with default values; CI fails when they drift apart. */
class PlainManifestsDriftTest {

    private static final Path PLAIN = Path.of(System.getProperty("sightline.k8s.file", "../k8s/sightline.yaml"))
            .toAbsolutePath().normalize();

    @Test
    void plainManifestsMatchTheChart() throws IOException {
        String expected = PlainManifests.render(RenderedChart.CHART);
        assertThat(Files.exists(PLAIN)).as("%s is missing; generate it with: %s", PLAIN, PlainManifests.REGENERATE)
                .isTrue();
        String actual = Files.readString(PLAIN, StandardCharsets.UTF_8);
        assertThat(actual.equals(expected))
                .as("%s has drifted from the chart (helm/sightline). Regenerate it with %s and commit it.%n"
                        + "First difference at line %d.", PLAIN, PlainManifests.REGENERATE, firstDifferentLine(actual, expected))
                .isTrue();
    }

    @Test
    void plainManifestsSayTheyAreGeneratedAndHow() throws IOException {
        assertThat(Files.readString(PLAIN, StandardCharsets.UTF_8)).startsWith("# GENERATED FILE")
                .contains(PlainManifests.REGENERATE);
    }

    @Test
    void plainManifestsLeaveOutTheHelmTestHook() {
        assertThat(PlainManifests.render(RenderedChart.CHART)).doesNotContain("helm.sh/hook");
    }

    private static int firstDifferentLine(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        int i = 0;
        while (i < a.length && i < e.length && a[i].equals(e[i])) {
            i++;
        }
        return i + 1;
    }
}
