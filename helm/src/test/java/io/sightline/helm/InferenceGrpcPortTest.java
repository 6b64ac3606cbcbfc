package io.sightline.helm;

import static io.sightline.helm.CiValuesTest.env;
import static io.sightline.helm.CiValuesTest.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inference-service's gRPC port (the Open Inference Protocol) on its container, its Service and its policy. */
class InferenceGrpcPortTest {

    @Test
    void theGrpcPortIsOpenedOnTheInferenceServiceOnly() {
        RenderedChart chart = RenderedChart.render("default", "inference.grpcPort=9001", "inference.service.grpcPort=443");
        Map<String, Object> container = Trees.maps(podSpec(chart.get("Deployment", "sightline-inference")), "containers")
                .get(0);
        assertThat(env(container)).containsEntry("QUARKUS_GRPC_SERVER_PORT", "9001");
        assertThat(Trees.maps(container, "ports"))
                .anySatisfy(port -> assertThat(port).containsEntry("name", "grpc").containsEntry("containerPort", 9001));
        assertThat(Trees.maps(chart.get("Service", "sightline-inference").tree(), "spec", "ports"))
                .anySatisfy(port -> assertThat(port).containsEntry("name", "grpc").containsEntry("port", 443)
                        .containsEntry("targetPort", "grpc").containsEntry("appProtocol", "grpc"));

        for (String other : new String[] {"sightline-dataset", "sightline-trainer"}) {
            assertThat(Trees.maps(chart.get("Service", other).tree(), "spec", "ports"))
                    .extracting(port -> port.get("name")).containsExactly("http");
            assertThat(env(Trees.maps(podSpec(chart.get("Deployment", other)), "containers").get(0)))
                    .doesNotContainKey("QUARKUS_GRPC_SERVER_PORT");
        }
    }
}
