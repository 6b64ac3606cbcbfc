package io.sightline.helm;

import static io.sightline.helm.CiValuesTest.env;
import static io.sightline.helm.CiValuesTest.podSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.helm.RenderedChart.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inference pools, their placement and memory budget, and autoscaling on load (decision 104). */
class InferencePoolsTest {

    private static final String POOL_LABEL = "sightline.io/inference-pool";

    static Map<String, Object> container(Manifest deployment) {
        return Trees.maps(podSpec(deployment), "containers").get(0);
    }

    @Test
    void withoutPoolsOneDeploymentAndServiceAsBefore() {
        RenderedChart chart = RenderedChart.render("default");
        assertThat(chart.ofKind("Deployment")).extracting(Manifest::name).contains("sightline-inference")
                .noneMatch(name -> name.startsWith("sightline-inference-"));
        Manifest deployment = chart.get("Deployment", "sightline-inference");
        assertThat(Trees.map(deployment.tree(), "spec", "selector", "matchLabels")).doesNotContainKey(POOL_LABEL);
        assertThat(env(container(deployment))).doesNotContainKeys("SIGHTLINE_INFERENCE_MODELS",
                "SIGHTLINE_INFERENCE_MEMORY_BUDGET");
        assertThat(Trees.maps(chart.get("HorizontalPodAutoscaler", "sightline-inference").tree(), "spec", "metrics"))
                .singleElement().satisfies(metric -> assertThat(metric).containsEntry("type", "Resource"));
        assertThat(chart.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void theSinglePoolTakesModelsAndABudget() {
        RenderedChart chart = RenderedChart.render("default", "inference.models[0]=pets",
                "inference.models[1]=team-a-*",
                "inference.memoryBudget=2147483648");
        assertThat(env(container(chart.get("Deployment", "sightline-inference"))))
                .containsEntry("SIGHTLINE_INFERENCE_MODELS", "pets,team-a-*")
                .containsEntry("SIGHTLINE_INFERENCE_MEMORY_BUDGET", "2147483648");
    }

    @Test
    void eachPoolIsADeploymentAndServiceOfItsOwnThatSelectOnlyItsPods() {
        RenderedChart chart = RenderedChart.render("pools");
        assertThat(chart.find("Deployment", "sightline-inference")).isEmpty();
        for (String pool : List.of("team-a", "shared")) {
            Manifest deployment = chart.get("Deployment", "sightline-inference-" + pool);
            Map<String, Object> selector = Trees.map(deployment.tree(), "spec", "selector", "matchLabels");
            assertThat(selector).containsEntry(POOL_LABEL, pool).containsEntry("app.kubernetes.io/component", "inference");
            assertThat(Trees.map(deployment.tree(), "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector);
            assertThat(Trees.map(chart.get("Service", "sightline-inference-" + pool).tree(), "spec", "selector"))
                    .isEqualTo(selector);
        }
        Map<String, Object> teamA = container(chart.get("Deployment", "sightline-inference-team-a"));
        assertThat(env(teamA)).containsEntry("SIGHTLINE_INFERENCE_MODELS", "team-a-*,pets")
                .containsEntry("SIGHTLINE_INFERENCE_MEMORY_BUDGET", "1073741824");
        assertThat(Trees.at(teamA, "resources", "requests", "cpu")).isEqualTo("2");
        Map<String, Object> shared = container(chart.get("Deployment", "sightline-inference-shared"));
        assertThat(env(shared)).doesNotContainKey("SIGHTLINE_INFERENCE_MODELS");
        assertThat(Trees.at(shared, "resources", "requests", "cpu")).isEqualTo("1");
        // one ConfigMap and Kafka identity for every pool; a NetworkPolicy each
        assertThat(chart.ofKind("ConfigMap")).extracting(Manifest::name).contains("sightline-inference");
        assertThat(Trees.map(chart.get("NetworkPolicy", "sightline-inference-team-a").tree(), "spec", "podSelector",
                "matchLabels")).containsEntry(POOL_LABEL, "team-a");
    }

    @Test
    void kedaScalesAPoolOnInFlightRequestsDownToZero() {
        RenderedChart chart = RenderedChart.render("pools");
        Manifest scaled = chart.get("ScaledObject", "sightline-inference-team-a");
        assertThat(Trees.at(scaled.tree(), "spec", "minReplicaCount")).isEqualTo(0);
        assertThat(Trees.at(scaled.tree(), "spec", "maxReplicaCount")).isEqualTo(8);
        Map<String, Object> trigger = Trees.maps(scaled.tree(), "spec", "triggers").get(0);
        assertThat(trigger).containsEntry("type", "prometheus").containsEntry("metricType", "AverageValue");
        assertThat(Trees.map(trigger, "metadata")).containsEntry("threshold", "8").containsEntry("query",
                "sum(http_server_active_requests{namespace=\"sightline\","
                        + "service=\"sightline-inference-team-a\"})");
        assertThat(chart.find("HorizontalPodAutoscaler", "sightline-inference-team-a")).as("KEDA owns it").isEmpty();
        assertThat(chart.find("PodDisruptionBudget", "sightline-inference-team-a"))
                .as("no PDB for a pool that scales to zero").isEmpty();
        assertThat(Trees.at(chart.get("Deployment", "sightline-inference-team-a").tree(), "spec", "replicas")).isNull();
    }

    @Test
    void anHpaScalesAPoolOnAPodsMetricOfPrometheusAdapter() {
        RenderedChart chart = RenderedChart.render("pools");
        Manifest hpa = chart.get("HorizontalPodAutoscaler", "sightline-inference-shared");
        assertThat(Trees.maps(hpa.tree(), "spec", "metrics")).singleElement().satisfies(metric -> {
            assertThat(metric).containsEntry("type", "Pods");
            assertThat(Trees.at(metric, "pods", "metric", "name")).isEqualTo("sightline_inference_request_p95_seconds");
            assertThat(Trees.at(metric, "pods", "target", "averageValue")).isEqualTo("0.25");
        });
        assertThat(Trees.at(hpa.tree(), "spec", "scaleTargetRef", "name")).isEqualTo("sightline-inference-shared");
        Manifest pdb = chart.get("PodDisruptionBudget", "sightline-inference-shared");
        assertThat(Trees.map(pdb.tree(), "spec", "selector", "matchLabels")).containsEntry(POOL_LABEL, "shared");
    }

    @Test
    void kedaOnLatencyComparesTheValueItself() {
        RenderedChart chart = RenderedChart.render("default", "inference.autoscaling.keda.enabled=true",
                "inference.autoscaling.metric=p95", "inference.autoscaling.target=0.3");
        Map<String, Object> trigger = Trees.maps(chart.get("ScaledObject", "sightline-inference").tree(), "spec",
                "triggers").get(0);
        assertThat(trigger).containsEntry("metricType", "Value");
        assertThat((String) Trees.at(trigger, "metadata", "query")).startsWith("histogram_quantile(0.95, ")
                .contains("sightline_inference_request_duration_seconds_bucket{namespace=\"sightline\","
                        + "service=\"sightline-inference\"}");
    }

    @Test
    void theSchemaRefusesAPoolWithoutANameOrWithAnUnknownKeyOrMetric() {
        assertThatThrownBy(() -> RenderedChart.render("default", "inference.pools[0].models={a}"))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> RenderedChart.render("default", "inference.pools[0].name=a",
                "inference.pools[0].modles={a}")).hasMessageContaining("modles");
        assertThatThrownBy(() -> RenderedChart.render("default", "inference.autoscaling.metric=rps"))
                .hasMessageContaining("metric");
        assertThatThrownBy(() -> RenderedChart.render("default", "inference.autoscaling.keda.enabled=true"))
                .as("KEDA needs a Prometheus metric").hasMessageContaining("inflight or p95");
    }
}
