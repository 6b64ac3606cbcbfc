package io.sightline.helm;

import static io.sightline.helm.CiValuesTest.env;
import static io.sightline.helm.InferencePoolsTest.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Payload logging settings (decision 105) per inference deployment and per pool; label selectors (decision 108). */
class InferencePayloadValuesTest {

    @Test
    void offByDefaultNoPayloadVariableIsSet() {
        assertThat(env(container(RenderedChart.render("default").get("Deployment", "sightline-inference"))))
                .noneSatisfy((name, value) -> assertThat(name).startsWith("SIGHTLINE_INFERENCE_PAYLOADS_"));
    }

    @Test
    void aSampleSetsEveryPayloadSettingAndAPoolOverridesIt() {
        RenderedChart chart = RenderedChart.render("default", "inference.payloads.sample=0.05",
                "inference.payloads.models[0]=pets",
                "inference.payloads.models[1]=cracks", "inference.payloads.includeImages=true",
                "inference.payloads.queueBytes=1048576", "inference.pools[0].name=team-a",
                "inference.pools[1].name=shared", "inference.pools[1].payloads.sample=0.5",
                "inference.pools[1].payloads.queueSize=32");
        assertThat(env(container(chart.get("Deployment", "sightline-inference-team-a"))))
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_SAMPLE", "0.05")
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_MODELS", "pets,cracks")
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_INCLUDE_IMAGES", "true")
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_MAX_IMAGE_BYTES", "1048576")
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_QUEUE_SIZE", "256")
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_QUEUE_BYTES", "1048576");
        assertThat(env(container(chart.get("Deployment", "sightline-inference-shared"))))
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_SAMPLE", "0.5")
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_QUEUE_SIZE", "32")
                .containsEntry("SIGHTLINE_INFERENCE_PAYLOADS_INCLUDE_IMAGES", "true");
    }

    @Test
    void theSchemaRefusesASampleOutOfRangeOrAnUnknownKey() {
        assertThatThrownBy(() -> RenderedChart.render("default", "inference.payloads.sample=1.5"))
                .hasMessageContaining("sample");
        assertThatThrownBy(() -> RenderedChart.render("default", "inference.payloads.smaple=0.1"))
                .hasMessageContaining("smaple");
    }

    @Test
    void aPoolSelectsModelsByLabel() {
        RenderedChart chart = RenderedChart.render("default", "inference.pools[0].name=team-a",
                "inference.pools[0].models[0]=label:team=vision-a",
                "inference.pools[0].models[1]=pets");
        assertThat(env(container(chart.get("Deployment", "sightline-inference-team-a"))))
                .containsEntry("SIGHTLINE_INFERENCE_MODELS", "label:team=vision-a,pets");
    }
}
