package io.sightline.trainer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetServiceClientTest {

    @Test
    void anAnswerLaterThanTheRequestTimeoutIsUnavailable() throws Exception {
        try (DatasetServiceStandIn standIn = DatasetServiceStandIn.start(0).answer(200, "{}").delay(1500)) {
            DatasetServiceClient client = DatasetServiceClient.to(standIn.url(), Duration.ofSeconds(2),
                    Duration.ofMillis(300));
            long started = System.nanoTime();

            assertThatThrownBy(() -> client.get("/datasets/pets/versions/1", null))
                    .isInstanceOf(DatasetServiceUnavailableException.class)
                    .hasMessage("the dataset-service at " + standIn.url() + " is not answering");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (DatasetServiceStandIn standIn = DatasetServiceStandIn.start(0).answer(302, "{}")) {
            assertThatThrownBy(() -> DatasetServiceClient.to(standIn.url() + "/").get("/datasets/x/versions/1", null))
                    .isInstanceOf(DatasetServiceUnavailableException.class);
            assertThat(standIn.received()).singleElement()
                    .satisfies(r -> assertThat(r.path()).isEqualTo("/datasets/x/versions/1"));
        }
    }

    @Test
    void aBaseUrlWithAPathPrefixKeepsIt() throws Exception {
        try (DatasetServiceStandIn standIn = DatasetServiceStandIn.start(0).answer(404, "{\"error\":\"no such\"}")) {
            DatasetServiceClient.Answer answer =
                    DatasetServiceClient.to(standIn.url() + "/sightline/").get("/datasets/x/versions/1", "Bearer t");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.text("error")).isEqualTo("no such");
            assertThat(standIn.received()).singleElement()
                    .satisfies(r -> assertThat(r.path()).isEqualTo("/sightline/datasets/x/versions/1"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://datasets:21", "localhost:8081", "http://", "http://datasets:8081/?x=1", "not a url"})
    void aBaseUrlThatIsNotHttpIsRefusedAtStart(String url) {
        assertThatThrownBy(() -> DatasetServiceClient.to(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sightline.console.dataset-service-url");
    }
}
