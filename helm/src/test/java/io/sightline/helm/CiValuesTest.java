package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.helm.RenderedChart.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration CI renders (helm/sightline/ci/*-values.yaml): what the cluster would accept, and the
 * policies the chart promises, whatever the values.
 */
class CiValuesTest {

    private static final Map<Path, RenderedChart> RENDERED = new ConcurrentHashMap<>();

    static List<Path> ciValues() {
        return RenderedChart.ciValuesFiles();
    }

    private static RenderedChart rendered(Path values) {
        return RENDERED.computeIfAbsent(values, RenderedChart::render);
    }

    @Test
    void theConfigurationsCiRendersAreAllThere() {
        assertThat(ciValues()).extracting(p -> p.getFileName().toString()).contains(
                "default-values.yaml", "gpu-values.yaml", "s3-values.yaml", "strimzi-values.yaml",
                "keda-values.yaml", "all-features-values.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void everyDocumentIsAKnownKindWithOnlyKnownFieldsOfTheRightTypes(Path values) {
        List<String> problems = new ArrayList<>();
        for (Manifest manifest : rendered(values).all()) {
            if (CustomResourceExpectations.KINDS.contains(manifest.kind())) {
                assertThat(StrictModel.isKnown(manifest.apiVersion(), manifest.kind()))
                        .as("%s has typed classes now: check it strictly", manifest).isFalse();
                continue;
            }
            StrictModel.problems(manifest.yaml()).forEach(p -> problems.add(manifest + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void customResourcesMeetTheirHandWrittenExpectations(Path values) {
        RenderedChart chart = rendered(values);
        chart.all().stream().filter(m -> CustomResourceExpectations.KINDS.contains(m.kind()))
                .forEach(cr -> CustomResourceExpectations.check(cr, chart));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void everyServiceContainerHasProbesAndResources(Path values) {
        List<Manifest> deployments = rendered(values).ofKind("Deployment");
        assertThat(deployments).isNotEmpty();
        for (Manifest deployment : deployments) {
            for (Map<String, Object> container : Trees.maps(deployment.tree(), "spec", "template", "spec", "containers")) {
                String where = deployment + " container " + container.get("name");
                assertThat(Trees.at(container, "livenessProbe", "httpGet", "path")).as(where).isEqualTo("/q/health/live");
                assertThat(Trees.at(container, "readinessProbe", "httpGet", "path")).as(where).isEqualTo("/q/health/ready");
                assertThat(Trees.at(container, "startupProbe", "httpGet", "path")).as(where).isNotNull();
                assertThat(Trees.map(container, "resources", "requests")).as(where).containsKeys("cpu", "memory");
                assertThat(Trees.map(container, "resources", "limits")).as(where).containsKey("memory");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void everyContainerRunsNonRootOnAReadOnlyRootFilesystemWithRuntimeDefaultSeccomp(Path values) {
        for (Manifest workload : rendered(values).workloads()) {
            Map<String, Object> pod = podSpec(workload);
            assertThat(pod.get("automountServiceAccountToken")).as("%s mounts no API token", workload).isEqualTo(false);
            Map<String, Object> podSecurity = Trees.map(pod, "securityContext");
            for (Map<String, Object> container : Trees.maps(pod, "containers")) {
                String where = workload + " container " + container.get("name");
                Map<String, Object> security = Trees.map(container, "securityContext");
                assertThat(security).as(where).containsEntry("readOnlyRootFilesystem", true)
                        .containsEntry("allowPrivilegeEscalation", false);
                assertThat(Trees.list(security, "capabilities", "drop")).as(where).contains("ALL");
                assertThat(security.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot"))).as(where).isEqualTo(true);
                assertThat(Trees.at(security, "seccompProfile", "type") != null
                        ? Trees.at(security, "seccompProfile", "type")
                        : Trees.at(podSecurity, "seccompProfile", "type")).as(where).isEqualTo("RuntimeDefault");
                assertThat(Trees.map(container, "resources", "requests")).as(where).isNotEmpty();
            }
            assertThat(Trees.maps(pod, "volumes")).filteredOn(v -> v.containsKey("emptyDir"))
                    .as("%s: emptyDirs are bounded", workload)
                    .allSatisfy(v -> assertThat(Trees.map(v, "emptyDir")).containsKey("sizeLimit"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void writablePathsAreEmptyDirsAndTheDjlCacheIsOne(Path values) {
        for (Manifest deployment : rendered(values).ofKind("Deployment")) {
            Map<String, Object> pod = podSpec(deployment);
            Map<String, String> emptyDirs = Trees.maps(pod, "volumes").stream().filter(v -> v.containsKey("emptyDir"))
                    .collect(Collectors.toMap(v -> (String) v.get("name"), v -> "emptyDir"));
            Map<String, Object> container = Trees.maps(pod, "containers").get(0);
            Map<String, String> mounts = Trees.maps(container, "volumeMounts").stream()
                    .collect(Collectors.toMap(m -> (String) m.get("mountPath"), m -> (String) m.get("name")));
            assertThat(emptyDirs).as("%s /tmp", deployment).containsKey(mounts.get("/tmp"));
            String djlCache = env(container).get("DJL_CACHE_DIR");
            if (djlCache != null) {
                assertThat(emptyDirs).as("%s DJL cache", deployment).containsKey(mounts.get(djlCache));
            }
            assertThat(mounts).as("%s reads its ConfigMap as config/application.properties", deployment)
                    .containsKey("/deployments/config");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void noImageIsTaggedLatestOrUntagged(Path values) {
        for (Manifest workload : rendered(values).workloads()) {
            for (Map<String, Object> container : Trees.maps(podSpec(workload), "containers")) {
                String image = (String) container.get("image");
                String tag = image.substring(image.lastIndexOf('/') + 1);
                assertThat(tag).as("%s image %s", workload, image).contains(":").doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void selectorsNeverCarryTheChartVersion(Path values) {
        List<String> offenders = new ArrayList<>();
        for (Manifest manifest : rendered(values).all()) {
            Trees.eachUnder(manifest.tree(), "matchLabels", manifest.toString(), (path, labels) -> check(path, labels, offenders));
            if (manifest.kind().equals("Service")) {
                check(manifest + ".spec.selector", Trees.at(manifest.tree(), "spec", "selector"), offenders);
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static void check(String path, Object labels, List<String> offenders) {
        if (labels instanceof Map<?, ?> map && (map.containsKey("helm.sh/chart") || map.containsKey("app.kubernetes.io/version"))) {
            offenders.add(path + " " + map.keySet());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void gpuLimitsTolerationsAndPlacementAppearExactlyWhenGpuIsEnabled(Path values) {
        Map<String, Object> gpu = Trees.map(RenderedChart.readValues(values), "trainer", "gpu");
        boolean enabled = Boolean.TRUE.equals(gpu.get("enabled"));
        for (Manifest workload : rendered(values).workloads()) {
            Map<String, Object> pod = podSpec(workload);
            boolean gpuPod = enabled && workload.name().equals("sightline-trainer");
            boolean tolerates = Trees.maps(pod, "tolerations").stream().anyMatch(t -> "nvidia.com/gpu".equals(t.get("key"))
                    && "NoSchedule".equals(t.get("effect")));
            String affinity = String.valueOf(Trees.at(pod, "affinity", "nodeAffinity"));
            Map<String, Object> container = Trees.maps(pod, "containers").get(0);
            Object gpuLimit = Trees.at(container, "resources", "limits", "nvidia.com/gpu");
            assertThat(tolerates).as("%s tolerates the GPU taint", workload).isEqualTo(gpuPod);
            assertThat(affinity.contains("nvidia.com/gpu.present")).as("%s asks for GPU nodes", workload).isEqualTo(gpuPod);
            assertThat(Trees.map(container, "resources", "requests")).as(workload.toString()).doesNotContainKey("nvidia.com/gpu");
            assertThat(String.valueOf(container.get("image")).endsWith("-cuda")).as("%s CUDA image", workload).isEqualTo(gpuPod);
            if (gpuPod) {
                assertThat(gpuLimit).isEqualTo(gpu.getOrDefault("count", 1));
                assertThat(pod.get("runtimeClassName")).isEqualTo(gpu.get("runtimeClassName"));
            } else {
                assertThat(gpuLimit).as("%s GPU limit", workload).isNull();
                assertThat(pod).as(workload.toString()).doesNotContainKey("runtimeClassName");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void strimziModeHasTheContractTopicsWithACompactedRegistryAndPointsTheServicesAtIt(Path values) {
        RenderedChart chart = rendered(values);
        boolean strimzi = Boolean.TRUE.equals(Trees.at(RenderedChart.readValues(values), "kafka", "strimzi", "enabled"));
        Map<String, Map<String, Object>> topics = chart.ofKind("KafkaTopic").stream().collect(Collectors.toMap(
                t -> (String) Trees.at(t.tree(), "spec", "topicName"), t -> Trees.map(t.tree(), "spec")));
        if (!strimzi) {
            assertThat(chart.all()).noneMatch(m -> m.apiVersion().startsWith("kafka.strimzi.io/"));
            return;
        }
        assertThat(chart.ofKind("Kafka")).hasSize(1);
        assertThat(chart.ofKind("KafkaNodePool")).hasSize(1);
        assertThat(topics.keySet()).contains("sightline.datasets", "sightline.training.requests",
                "sightline.training.events", "sightline.models");
        assertThat(Trees.map(topics.get("sightline.models"), "config")).containsEntry("cleanup.policy", "compact");
        topics.forEach((name, spec) -> {
            if (!name.equals("sightline.models")) {
                assertThat(Trees.map(spec, "config")).as(name).doesNotContainKey("cleanup.policy");
            }
        });
        String cluster = chart.ofKind("Kafka").get(0).name();
        for (Manifest deployment : chart.ofKind("Deployment")) {
            Map<String, Object> container = Trees.maps(podSpec(deployment), "containers").get(0);
            assertThat(env(container).get("KAFKA_BOOTSTRAP_SERVERS")).as(deployment.toString())
                    .startsWith(cluster + "-kafka-bootstrap:");
        }
        assertThat(applicationProperties(chart, "sightline-trainer"))
                .as("the Topic Operator owns the topics").contains("sightline.trainer.topics.create=false");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void autoscaledDeploymentsLeaveTheirReplicasToTheAutoscaler(Path values) {
        RenderedChart chart = rendered(values);
        for (Manifest hpa : chart.ofKind("HorizontalPodAutoscaler")) {
            Manifest target = chart.get("Deployment", (String) Trees.at(hpa.tree(), "spec", "scaleTargetRef", "name"));
            assertThat(Trees.at(target.tree(), "spec", "replicas")).as("%s replicas", target).isNull();
        }
        for (Manifest pdb : chart.ofKind("PodDisruptionBudget")) {
            Map<String, Object> selector = Trees.map(pdb.tree(), "spec", "selector", "matchLabels");
            assertThat(chart.ofKind("Deployment")).as("%s selects a Deployment", pdb).anySatisfy(d -> assertThat(
                    Trees.map(d.tree(), "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void everyServiceHasANetworkPolicyThatSelectsItsPods(Path values) {
        RenderedChart chart = rendered(values);
        Set<String> policies = chart.ofKind("NetworkPolicy").stream().map(Manifest::name).collect(Collectors.toSet());
        for (Manifest deployment : chart.ofKind("Deployment")) {
            assertThat(policies).contains(deployment.name());
            Map<String, Object> selector = Trees.map(chart.get("NetworkPolicy", deployment.name()).tree(),
                    "spec", "podSelector", "matchLabels");
            assertThat(Trees.map(deployment.tree(), "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector);
        }
    }

    static Map<String, Object> podSpec(Manifest workload) {
        return workload.kind().equals("Pod") ? Trees.map(workload.tree(), "spec")
                : Trees.map(workload.tree(), "spec", "template", "spec");
    }

    /** Plain-value environment variables of a container (secret references map to "secret:<name>/<key>"). */
    static Map<String, String> env(Map<String, Object> container) {
        return Trees.maps(container, "env").stream().collect(Collectors.toMap(e -> (String) e.get("name"), e -> {
            Object secret = Trees.at(e, "valueFrom", "secretKeyRef");
            return secret != null ? "secret:" + Trees.at(secret, "name") + "/" + Trees.at(secret, "key")
                    : String.valueOf(e.get("value"));
        }));
    }

    static String applicationProperties(RenderedChart chart, String configMap) {
        return (String) Trees.at(chart.get("ConfigMap", configMap).tree(), "data", "application.properties");
    }
}
