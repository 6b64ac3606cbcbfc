package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

class TrainCommandTest {

    @Test
    void timeBudgetAndValidationShareGoInTheRequestBody() {
        TrainCommand train = parse("train", "-m", "m", "-d", "shapes", "--epochs", "40", "--time-budget", "1h30m",
                "--validation-share", "0.2");

        assertThat(train.request().toString()).isEqualTo("{\"model\":\"m\",\"dataset\":\"shapes\",\"epochs\":40,"
                + "\"timeBudgetSeconds\":5400,\"validationShare\":0.2}");
        assertThat(parse("train", "-m", "m", "-d", "shapes", "--time-budget", "PT10M", "--validation-share", "0")
                .request().toString()).isEqualTo("{\"model\":\"m\",\"dataset\":\"shapes\",\"timeBudgetSeconds\":600,"
                + "\"validationShare\":0.0}");
    }

    @Test
    void labelsGoInTheRequestBodyAndAPairWithoutEqualsIsAUsageError() {
        assertThat(parse("train", "-m", "m", "-d", "shapes", "--label", "team=vision-a", "--label", "tier=gold")
                .request().path("labels").toString()).isEqualTo("{\"team\":\"vision-a\",\"tier\":\"gold\"}");
        Run bad = Run.of(Map.of("SIGHTLINE_TRAINER_URL", "http://127.0.0.1:9"), "train", "-m", "m", "-d", "shapes",
                "--label", "team");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--label team: expected KEY=VALUE");
    }

    @Test
    void aUrlBackboneTravelsWithItsPin() {
        assertThat(parse("train", "-m", "m", "-d", "shapes", "--arch", "transfer", "--base-model",
                "https://models.example/b.pt", "--base-model-sha256", "ab".repeat(32)).request()
                .path("baseModelSha256").asText()).isEqualTo("ab".repeat(32));
    }

    @Test
    void theyAreLeftOutWhenNotGivenSoTheTrainerDefaultsApply() {
        assertThat(parse("train", "-m", "m", "-d", "shapes").request().toString())
                .isEqualTo("{\"model\":\"m\",\"dataset\":\"shapes\"}");
    }

    @Test
    void aBadTimeBudgetOrShareIsAUsageErrorBeforeAnyRequest() {
        Run budget = Run.of(Map.of("SIGHTLINE_TRAINER_URL", "http://127.0.0.1:9"),
                "train", "-m", "m", "-d", "shapes", "--time-budget", "1.5h");
        assertThat(budget.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(budget.err()).contains("Invalid value for option '--time-budget': '1.5h' is not a"
                + " duration: use seconds (90, 90s), minutes and hours (9m, 1h, 1h30m, 2m30s) or ISO-8601 (PT9M)");

        Run zero = Run.of(Map.of(), "train", "-m", "m", "-d", "shapes", "--time-budget", "0s");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("'0s' is not a positive duration");

        Run share = Run.of(Map.of(), "train", "-m", "m", "-d", "shapes", "--validation-share", "tenth");
        assertThat(share.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(share.err()).contains("--validation-share").contains("tenth");
    }

    @Test
    void aLearningRateIsANumberOrAuto() {
        assertThat(parse("train", "-m", "m", "-d", "shapes", "--lr", "auto").request().toString())
                .isEqualTo("{\"model\":\"m\",\"dataset\":\"shapes\",\"learningRate\":\"auto\"}");
        assertThat(parse("train", "-m", "m", "-d", "shapes", "--lr", "1e-3").request().path("learningRate").isNumber())
                .isTrue();
        Run bad = Run.of(Map.of(), "train", "-m", "m", "-d", "shapes", "--lr", "fast");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("'fast' is not a learning rate: give a number (0.001, 1e-3) or auto");
    }

    private static TrainCommand parse(String... args) {
        ParseResult parsed = Sightline.commandLine(new CliEnvironment(Map.of(), Path.of("/nonexistent-home"), false,
                Duration.ofMillis(5))).parseArgs(args);
        return (TrainCommand) parsed.subcommand().commandSpec().userObject();
    }
}
