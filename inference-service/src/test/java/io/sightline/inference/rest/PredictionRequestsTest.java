package io.sightline.inference.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests count as predictions, by the routes of the resources in this package. */
class PredictionRequestsTest {

    @Test
    void predictAndOpenInferenceInferArePredictions() {
        assertThat(PredictionRequests.isPrediction("POST", "/predict/shapes")).isTrue();
        assertThat(PredictionRequests.isPrediction("POST", "/v2/models/shapes/infer")).isTrue();
        assertThat(PredictionRequests.isPrediction("POST", "/v2/models/shapes/versions/3/infer")).isTrue();
    }

    @Test
    void lookupsAdminAndOtherMethodsAreNot() {
        assertThat(PredictionRequests.isPrediction("GET", "/models/shapes")).isFalse();
        assertThat(PredictionRequests.isPrediction("GET", "/v2/models/shapes")).isFalse();
        assertThat(PredictionRequests.isPrediction("GET", "/v2/models/shapes/ready")).isFalse();
        assertThat(PredictionRequests.isPrediction("GET", "/predict/shapes")).isFalse();
        assertThat(PredictionRequests.isPrediction("POST", "/admin/models/shapes/load")).isFalse();
        assertThat(PredictionRequests.isPrediction("POST", "/predict")).isFalse();
        assertThat(PredictionRequests.isPrediction("POST", "/predict/shapes/extra")).isFalse();
    }
}
