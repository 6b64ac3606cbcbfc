package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartLintTest {

    @Test
    void lintsCleanInStrictMode(@TempDir Path copy) throws IOException {
        // The defaults refuse to render without an identity (ValuesSchemaTest), and lint takes no values file:
        // lint a copy whose only change is the sandbox switch.
        copyChart(copy);
        Path values = copy.resolve("values.yaml");
        String defaults = Files.readString(values);
        assertThat(defaults).contains("\n  insecure: false\n");
        Files.writeString(values, defaults.replace("\n  insecure: false\n", "\n  insecure: true\n"));

        LintResult result = new Helm(copy).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("only informational messages")
                .allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }

    private static void copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(RenderedChart.CHART)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(RenderedChart.CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
    }
}
