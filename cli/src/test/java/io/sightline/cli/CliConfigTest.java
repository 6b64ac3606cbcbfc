package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

    @TempDir
    Path home;

    private CliEnvironment env(Map<String, String> variables) {
        return new CliEnvironment(variables, home, false, Duration.ofMillis(1));
    }

    private static CliConfig.Flags flags(String datasetUrl, String token) {
        Map<Service, String> urls = new EnumMap<>(Service.class);
        urls.put(Service.DATASET, datasetUrl);
        return new CliConfig.Flags(urls, token, null);
    }

    @Test
    void defaultsAreTheLocalPortsAndNoToken() {
        CliConfig config = CliConfig.resolve(flags(null, null), env(Map.of()));

        assertThat(config.url(Service.DATASET)).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(config.url(Service.TRAINER)).isEqualTo(URI.create("http://localhost:8082"));
        assertThat(config.url(Service.INFERENCE)).isEqualTo(URI.create("http://localhost:8083"));
        assertThat(config.token()).isEmpty();
        assertThat(config.configFile()).isEqualTo(home.resolve(".sightline/cli.properties"));
        assertThat(config.origins()).containsEntry("dataset.url", "default").containsEntry("auth.token", "none");
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path file = Files.createDirectories(home.resolve(".sightline")).resolve("cli.properties");
        Files.writeString(file, "dataset.url=http://file-d:1\ntrainer.url=http://file-t:2/\n"
                + "inference.url=http://file-i:3\nauth.token=from-file\n");

        CliConfig config = CliConfig.resolve(flags("http://flag-d:9", null), env(Map.of(
                "SIGHTLINE_TRAINER_URL", "http://env-t:8", "SIGHTLINE_AUTH_TOKEN", "from-env")));

        assertThat(config.url(Service.DATASET)).isEqualTo(URI.create("http://flag-d:9"));
        assertThat(config.url(Service.TRAINER)).isEqualTo(URI.create("http://env-t:8"));
        assertThat(config.url(Service.INFERENCE)).isEqualTo(URI.create("http://file-i:3"));
        assertThat(config.token()).contains("from-env");
        assertThat(config.origins()).containsEntry("dataset.url", "flag --dataset-url")
                .containsEntry("trainer.url", "env SIGHTLINE_TRAINER_URL")
                .containsEntry("inference.url", "file " + file);

        CliConfig fromFile = CliConfig.resolve(flags(null, null), env(Map.of()));
        assertThat(fromFile.url(Service.TRAINER)).as("trailing slash dropped").isEqualTo(URI.create("http://file-t:2"));
        assertThat(fromFile.token()).contains("from-file");
        assertThat(CliConfig.resolve(flags(null, "from-flag"), env(Map.of("SIGHTLINE_AUTH_TOKEN", "x"))).token())
                .contains("from-flag");
    }

    @Test
    void sightlineHomeAndAnExplicitFileMoveTheConfiguration() throws IOException {
        Path other = Files.createDirectories(home.resolve("elsewhere"));
        Files.writeString(other.resolve("cli.properties"), "dataset.url=http://moved:1\n");

        assertThat(CliConfig.resolve(flags(null, null), env(Map.of("SIGHTLINE_HOME", other.toString())))
                .url(Service.DATASET)).isEqualTo(URI.create("http://moved:1"));
        assertThat(CliConfig.resolve(flags(null, null), env(Map.of("SIGHTLINE_CLI_CONFIG",
                other.resolve("cli.properties").toString()))).url(Service.DATASET))
                .isEqualTo(URI.create("http://moved:1"));
    }

    @Test
    void mistakesAreUsageErrors() throws IOException {
        Path file = Files.createDirectories(home.resolve(".sightline")).resolve("cli.properties");
        Files.writeString(file, "datset.url=http://typo:1\n");
        assertThatThrownBy(() -> CliConfig.resolve(flags(null, null), env(Map.of())))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("unknown key 'datset.url'");
        Files.delete(file);

        assertThatThrownBy(() -> CliConfig.resolve(flags("localhost:8081", null), env(Map.of())))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("flag --dataset-url");
        assertThatThrownBy(() -> CliConfig.resolve(flags(null, null),
                env(Map.of("SIGHTLINE_CLI_CONFIG", home.resolve("missing.properties").toString()))))
                .hasMessageContaining("does not exist");
    }
}
