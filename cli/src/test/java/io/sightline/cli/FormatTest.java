package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(Format.duration(850)).isEqualTo("850 ms");
        assertThat(Format.duration(5_790)).isEqualTo("5.8 s");
        assertThat(Format.duration(125_000)).isEqualTo("2 min 05 s");
        assertThat(Format.duration(3_720_000)).isEqualTo("1 h 02 min");
        assertThat(Format.bytes(1536)).isEqualTo("1.5 kB");
    }

    @Test
    void tablesAlignNumbersRightAndTextLeft() {
        List<String> lines = Format.table(List.of("CLASS", "TRAIN", "STATE"),
                List.of(List.of("disc", "30", "-"), List.of("horizontal", "1200", "UP")));

        assertThat(lines).containsExactly(
                "CLASS       TRAIN  STATE",
                "disc           30  -",
                "horizontal   1200  UP");
    }

    @Test
    void etaIsTheMeanEpochTimesTheEpochsLeftLessTheRunningOne() throws Exception {
        JsonNode epochs = ServiceClient.JSON.readTree("[{\"durationMs\":2000},{\"durationMs\":4000}]");

        assertThat(TrainingFollower.eta(epochs, 5, 0)).isEqualTo("ETA 9.0 s");
        assertThat(TrainingFollower.eta(epochs, 5, 1000)).isEqualTo("ETA 8.0 s");
        assertThat(TrainingFollower.eta(ServiceClient.JSON.createArrayNode(), 5, 0)).isEmpty();
        assertThat(TrainingFollower.eta(epochs, 2, 0)).isEmpty();
    }

    @Test
    void epochLinesShowLossAccuracyAndHeldOutMetrics() throws Exception {
        JsonNode epoch = ServiceClient.JSON.readTree("{\"epoch\":3,\"epochs\":8,\"trainLoss\":0.41224,"
                + "\"trainAccuracy\":0.8612,\"validationLoss\":0.301,\"validationAccuracy\":0.9024,"
                + "\"learningRate\":0.001,\"durationMs\":5790}");

        assertThat(TrainingFollower.epochLine(epoch))
                .isEqualTo("epoch 3/8  loss 0.4122  acc 0.861  val loss 0.3010  val acc 0.902  lr 0.00100  5.8 s");
    }

    @Test
    void barsFillInProportion() {
        assertThat(ProgressLine.bar(0, 10)).isEqualTo("[" + "·".repeat(24) + "]");
        assertThat(ProgressLine.bar(5, 10)).isEqualTo("[" + "#".repeat(12) + "·".repeat(12) + "]");
        assertThat(ProgressLine.bar(10, 10)).isEqualTo("[" + "#".repeat(24) + "]");
        assertThat(ProgressLine.bar(3, 0)).isEqualTo("[" + "·".repeat(24) + "]");
    }
}
