package io.sightline.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The label rules, and the payloads that gained labels (and tensor fields) reading old and new records alike. */
class ModelLabelsTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Instant AT = Instant.parse("2026-12-04T10:15:30Z");

    @ParameterizedTest
    @ValueSource(strings = {"a", "team", "team-a", "v1.2", "a-b.c-9", "0"})
    void validKeysAndValues(String text) {
        assertThat(ModelLabels.valid(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", ".a", "a.", "Team", "a_b", "a b", "a/b", "é", "a\n"})
    void invalidKeysAndValues(String text) {
        assertThat(ModelLabels.valid(text)).isFalse();
    }

    @Test
    void lengthsAndCountsAreBounded() {
        assertThat(ModelLabels.valid("a".repeat(63))).isTrue();
        assertThat(ModelLabels.valid("a".repeat(64))).isFalse();
        Map<String, String> sixteen = new HashMap<>();
        for (int i = 0; i < 16; i++) {
            sixteen.put("k" + i, "v");
        }
        assertThat(ModelLabels.problem(sixteen)).isNull();
        sixteen.put("k16", "v");
        assertThat(ModelLabels.problem(sixteen)).isEqualTo("at most 16 labels, got 17");
        assertThat(ModelLabels.problem(Map.of("Team", "a"))).startsWith("label key 'Team' is not");
        assertThat(ModelLabels.problem(Map.of("team", "x".repeat(100_000))))
                .as("a refused value is cut, not echoed").hasSizeLessThan(300);
        assertThat(ModelLabels.problem(null)).isNull();
        assertThat(ModelLabels.problem(Map.of())).isNull();
    }

    @Test
    void labelledPayloadsRoundTripAndOldOnesReadWithout() throws Exception {
        Map<String, String> labels = Map.of("team", "vision-a");
        ModelPromoted promoted = new ModelPromoted("e", "signs", "4", "models/signs/4", "job", "gtsrb", "2", 0.9, AT,
                labels);
        assertThat(JSON.readValue(JSON.writeValueAsString(promoted), ModelPromoted.class)).isEqualTo(promoted);
        ModelPromoted old = JSON.readValue("{\"eventId\":\"e\",\"model\":\"signs\",\"version\":\"4\","
                + "\"artifactKey\":\"models/signs/4\",\"testAccuracy\":0.9,\"promotedAt\":\"2026-12-04T10:15:30Z\"}",
                ModelPromoted.class);
        assertThat(old.labels()).isNull();
        assertThat(new ModelPromoted("e", "m", "1", "k", "j", null, null, 0, AT, Map.of()).labels()).isNull();

        TrainingParameters parameters = TrainingParameters.builder().setArchitecture("cnn").setEpochs(1)
                .setLearningRate(1e-3).optLabels(labels).build();
        assertThat(JSON.readValue(JSON.writeValueAsString(parameters), TrainingParameters.class)).isEqualTo(parameters);
        assertThat(parameters.toBuilder().build().labels()).isEqualTo(labels);

        PayloadLogged tensor = new PayloadLogged("r", "m", "1", "grpc", AT, 1.5,
                List.of(new PayloadLogged.ClassScore("a", 0.9)), "ab", 12, PayloadLogged.TENSOR_MEDIA_TYPE, null,
                PayloadLogged.OMITTED_NOT_INCLUDED, "UINT8", List.of(1L, 3L, 2L, 2L));
        assertThat(JSON.readValue(JSON.writeValueAsString(tensor), PayloadLogged.class)).isEqualTo(tensor);
        PayloadLogged image = new PayloadLogged("r", "m", "1", "predict", AT, 1.5, List.of(), "ab", 12, "image/png",
                null, PayloadLogged.OMITTED_NOT_INCLUDED);
        assertThat(JSON.readValue(JSON.writeValueAsString(image), PayloadLogged.class).inputDatatype()).isNull();
    }
}
