package io.sightline.helm;

import static io.sightline.helm.CiValuesTest.applicationProperties;
import static io.sightline.helm.CiValuesTest.env;
import static io.sightline.helm.CiValuesTest.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration each service receives: the keys the services' own config must match. */
class ServiceConfigTest {

    private static Map<String, Object> container(RenderedChart chart, String deployment) {
        return Trees.maps(podSpec(chart.get("Deployment", deployment)), "containers").get(0);
    }

    private static Map<String, String> envOf(RenderedChart chart, String deployment) {
        return env(container(chart, deployment));
    }

    @Test
    void defaultsGiveEachServiceItsPortKafkaAndTheFileStoreOnASharedClaim() {
        RenderedChart chart = RenderedChart.render("default");
        assertThat(envOf(chart, "sightline-dataset")).containsEntry("QUARKUS_HTTP_PORT", "8081")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("SIGHTLINE_STORE_URI", "file:/var/lib/sightline")
                .doesNotContainKeys("DJL_CACHE_DIR", "SIGHTLINE_AUTH_TOKEN", "QUARKUS_OTEL_SDK_DISABLED", "AWS_REGION");
        assertThat(envOf(chart, "sightline-trainer")).containsEntry("QUARKUS_HTTP_PORT", "8082")
                .containsEntry("DJL_CACHE_DIR", "/var/cache/djl");
        assertThat(envOf(chart, "sightline-trainer").get("JAVA_TOOL_OPTIONS")).contains("-Dai.djl.pytorch.num_threads=2");
        assertThat(envOf(chart, "sightline-inference")).containsEntry("QUARKUS_HTTP_PORT", "8083");
        assertThat(envOf(chart, "sightline-inference").get("JAVA_TOOL_OPTIONS")).contains("-Dai.djl.pytorch.num_threads=1");

        var claim = chart.get("PersistentVolumeClaim", "sightline-store");
        assertThat(Trees.list(claim.tree(), "spec", "accessModes")).containsExactly("ReadWriteMany");
        for (String service : new String[] {"sightline-dataset", "sightline-trainer", "sightline-inference"}) {
            assertThat(Trees.maps(podSpec(chart.get("Deployment", service)), "volumes"))
                    .anySatisfy(v -> assertThat(Trees.at(v, "persistentVolumeClaim", "claimName")).isEqualTo("sightline-store"));
        }
        assertThat(applicationProperties(chart, "sightline-trainer")).contains("kafka.security.protocol=PLAINTEXT",
                "sightline.trainer.topics.create=true", "sightline.trainer.topics.request-partitions=4");
        assertThat(chart.ofKind("HorizontalPodAutoscaler")).hasSize(1);
        assertThat(chart.ofKind("PodDisruptionBudget")).hasSize(1);
        assertThat(chart.ofKind("Secret")).isEmpty();
    }

    private static final String[] MALLOC_VARIABLES = {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"};

    @Test
    void theDjlServicesGetGlibcMallocTuningByDefaultAndNotWhenItIsOff() {
        RenderedChart chart = RenderedChart.render("default");
        for (String service : new String[] {"sightline-trainer", "sightline-inference"}) {
            // whole digits: values.yaml numbers reach the templates as floats (1.073741824e+09 unless converted)
            assertThat(envOf(chart, service)).as(service)
                    .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432")
                    .containsEntry("MALLOC_TRIM_THRESHOLD_", "1073741824")
                    .containsEntry("MALLOC_TOP_PAD_", "268435456");
        }
        assertThat(envOf(chart, "sightline-dataset")).doesNotContainKeys(MALLOC_VARIABLES);
        assertThat(envOf(RenderedChart.render("all-features"), "sightline-trainer"))
                .as("GPU trainer").containsKeys(MALLOC_VARIABLES);

        RenderedChart off = RenderedChart.render("default", "trainer.nativeMemory.mallocTuning=false",
                "inference.nativeMemory.mallocTuning=false");
        assertThat(envOf(off, "sightline-trainer")).doesNotContainKeys(MALLOC_VARIABLES);
        assertThat(envOf(off, "sightline-inference")).doesNotContainKeys(MALLOC_VARIABLES);

        // one component at a time, and each size as given
        RenderedChart mixed = RenderedChart.render("default", "inference.nativeMemory.mallocTuning=false",
                "trainer.nativeMemory.trimThreshold=2147483648");
        assertThat(envOf(mixed, "sightline-trainer")).containsEntry("MALLOC_TRIM_THRESHOLD_", "2147483648")
                .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432");
        assertThat(envOf(mixed, "sightline-inference")).doesNotContainKeys(MALLOC_VARIABLES);
    }

    @Test
    void aWorkerTrainsOneJobOnCpuAndOneJobPerGpuUnlessToldOtherwise() {
        assertThat(applicationProperties(RenderedChart.render("default"), "sightline-trainer"))
                .contains("sightline.trainer.concurrent-jobs=1").doesNotContain("sightline.trainer.max-gpus");
        assertThat(applicationProperties(RenderedChart.render("default", "trainer.gpu.enabled=true",
                "trainer.gpu.count=4"), "sightline-trainer"))
                .contains("sightline.trainer.concurrent-jobs=4", "sightline.trainer.max-gpus=1");
        assertThat(applicationProperties(RenderedChart.render("default", "trainer.gpu.enabled=true",
                "trainer.gpu.count=4", "trainer.concurrentJobs=2"), "sightline-trainer"))
                .contains("sightline.trainer.concurrent-jobs=2", "sightline.trainer.max-gpus=2");
        assertThat(applicationProperties(RenderedChart.render("default", "trainer.concurrentJobs=3"),
                "sightline-trainer")).contains("sightline.trainer.concurrent-jobs=3");
    }

    @Test
    void theTrainersConsoleImportsThroughThisReleasesDatasetService() {
        RenderedChart chart = RenderedChart.render("default");
        assertThat(applicationProperties(chart, "sightline-trainer"))
                .contains("sightline.console.dataset-service-url=http://sightline-dataset:8081");
        assertThat(Trees.maps(chart.get("Service", "sightline-dataset").tree(), "spec", "ports"))
                .anySatisfy(port -> assertThat(port.get("port")).isEqualTo(8081));
        assertThat(applicationProperties(RenderedChart.render("default", "dataset.enabled=false"), "sightline-trainer"))
                .doesNotContain("sightline.console.dataset-service-url");

        // with egress restricted the trainer may still reach the dataset pods' HTTP port; the others may not
        RenderedChart restricted = RenderedChart.render("all-features");
        assertThat(egressToDatasetPods(restricted, "sightline-trainer")).singleElement()
                .satisfies(rule -> assertThat(Trees.maps(rule, "ports")).singleElement()
                        .satisfies(port -> assertThat(port.get("port")).isEqualTo(8081)));
        assertThat(egressToDatasetPods(restricted, "sightline-inference")).isEmpty();
        assertThat(egressToDatasetPods(RenderedChart.render("all-features", "dataset.enabled=false"),
                "sightline-trainer")).isEmpty();
    }

    private static List<Map<String, Object>> egressToDatasetPods(RenderedChart chart, String policy) {
        return Trees.maps(chart.get("NetworkPolicy", policy).tree(), "spec", "egress").stream()
                .filter(rule -> rule.get("to") != null && Trees.maps(rule, "to").stream().anyMatch(to ->
                        "dataset".equals(Trees.at(to, "podSelector", "matchLabels", "app.kubernetes.io/component"))))
                .toList();
    }

    @Test
    void s3StoreGetsItsUriEndpointRegionAndKeysFromASecretAndNoVolume() {
        RenderedChart chart = RenderedChart.render("s3");
        assertThat(envOf(chart, "sightline-trainer"))
                .containsEntry("SIGHTLINE_STORE_URI", "s3://sightline-ci/clusters/ci")
                .containsEntry("SIGHTLINE_STORE_S3_ENDPOINT", "http://minio.storage:9000")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_ACCESS_KEY_ID", "secret:sightline-s3/AWS_ACCESS_KEY_ID")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret:sightline-s3/AWS_SECRET_ACCESS_KEY")
                .containsEntry("SIGHTLINE_AUTH_TOKEN", "secret:sightline-auth/token")
                .containsEntry("SIGHTLINE_STORE_S3_CACHE_MAX_BYTES", "1073741824");
        // the read cache stays below each pod's /tmp emptyDir, the smallest of them the inference pods'
        assertThat(envOf(chart, "sightline-inference")).containsEntry("SIGHTLINE_STORE_S3_CACHE_MAX_BYTES", "536870912");
        assertThat(chart.ofKind("PersistentVolumeClaim")).isEmpty();
        assertThat(chart.find("Secret", "sightline-s3")).isPresent();
        assertThat(chart.find("Secret", "sightline-auth")).isPresent();
    }

    @Test
    void existingSecretsAreReferencedAndNotCreated() {
        RenderedChart chart = RenderedChart.render("all-features");
        assertThat(envOf(chart, "sightline-dataset"))
                .containsEntry("SIGHTLINE_AUTH_TOKEN", "secret:sightline-auth/token")
                .containsEntry("AWS_ACCESS_KEY_ID", "secret:sightline-s3/AWS_ACCESS_KEY_ID");
        assertThat(chart.ofKind("Secret")).extracting(RenderedChart.Manifest::name).containsOnly("sightline-trainer-keda");
    }

    @Test
    void irsaWithoutKeysSetsNoKeyVariables() {
        RenderedChart chart = RenderedChart.render("default", "store.type=s3", "store.s3.bucket=models");
        assertThat(envOf(chart, "sightline-inference")).containsEntry("SIGHTLINE_STORE_URI", "s3://models/sightline")
                .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SIGHTLINE_STORE_S3_ENDPOINT");
    }

    @Test
    void tracesAreExportedOnlyWhenAnEndpointIsSet() {
        assertThat(envOf(RenderedChart.render("default"), "sightline-trainer")).doesNotContainKeys(
                "QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL");
        assertThat(envOf(RenderedChart.render("all-features"), "sightline-trainer"))
                .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4317")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    }

    @Test
    void everyServiceExportsTracesOverTheChosenOtlpProtocol() {
        RenderedChart chart = RenderedChart.render("default",
                "otel.endpoint=http://otel-collector.observability:4318", "otel.protocol=http/protobuf");
        for (String service : new String[] {"sightline-dataset", "sightline-trainer", "sightline-inference"}) {
            assertThat(envOf(chart, service)).as(service)
                    .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                    .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4318")
                    .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }
        // without an endpoint the protocol alone turns nothing on
        assertThat(envOf(RenderedChart.render("default", "otel.protocol=http/protobuf"), "sightline-inference"))
                .doesNotContainKeys("QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL");
    }

    @Test
    void saslSslKafkaIsConfiguredInApplicationPropertiesWithThePasswordFromASecret() {
        RenderedChart chart = RenderedChart.render("keda");
        for (String service : new String[] {"sightline-dataset", "sightline-trainer", "sightline-inference"}) {
            assertThat(applicationProperties(chart, service)).contains(
                    "kafka.security.protocol=SASL_SSL",
                    "kafka.sasl.mechanism=SCRAM-SHA-512",
                    "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                            + "username=\"${SIGHTLINE_KAFKA_SASL_USERNAME}\" password=\"${SIGHTLINE_KAFKA_SASL_PASSWORD}\";",
                    "kafka.ssl.truststore.type=PEM",
                    "kafka.ssl.truststore.location=/etc/sightline/kafka-ca/ca.crt");
            assertThat(envOf(chart, service)).containsEntry("SIGHTLINE_KAFKA_SASL_USERNAME", "sightline")
                    .containsEntry("SIGHTLINE_KAFKA_SASL_PASSWORD", "secret:sightline-kafka-user/password");
            assertThat(Trees.maps(podSpec(chart.get("Deployment", service)), "volumes"))
                    .anySatisfy(v -> assertThat(Trees.at(v, "secret", "secretName")).isEqualTo("kafka-cluster-ca-cert"));
        }
    }

    @Test
    void kedaScalesTheTrainerWorkersToZeroOnTheRequestQueueLag() {
        RenderedChart chart = RenderedChart.render("keda");
        var scaled = chart.get("ScaledObject", "sightline-trainer");
        assertThat(Trees.at(scaled.tree(), "spec", "minReplicaCount")).isEqualTo(0);
        assertThat(Trees.map(Trees.maps(scaled.tree(), "spec", "triggers").get(0), "metadata"))
                .containsEntry("consumerGroup", "sightline-trainer-workers")
                .containsEntry("bootstrapServers", "kafka-bootstrap.kafka:9093");
        var auth = chart.get("TriggerAuthentication", "sightline-trainer-kafka");
        assertThat(Trees.maps(auth.tree(), "spec", "secretTargetRef")).extracting(r -> r.get("parameter"))
                .containsExactlyInAnyOrder("tls", "sasl", "username", "password", "ca");
        assertThat(Trees.map(chart.get("Secret", "sightline-trainer-keda").tree(), "stringData"))
                .containsEntry("sasl", "scram_sha512").containsEntry("tls", "enable").containsEntry("username", "sightline");
        assertThat(RenderedChart.render("default").ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void retrainBindingsBecomeTrainerProperties() {
        String properties = applicationProperties(RenderedChart.render("all-features"), "sightline-trainer");
        assertThat(properties).contains(
                "sightline.trainer.retrain.fashion.model=fashion-cnn",
                "sightline.trainer.retrain.fashion.architecture=cnn",
                "sightline.trainer.retrain.fashion.epochs=5",
                "sightline.trainer.retrain.fashion.batch-size=64",
                "sightline.trainer.retrain.fashion.learning-rate=0.001",
                "sightline.trainer.retrain.fashion.image-size=28",
                "sightline.trainer.retrain.\"flowers.v2\".model=flowers");
    }

    @Test
    void aSingleFixedInferenceReplicaGetsNoDisruptionBudgetThatWouldBlockDrains() {
        assertThat(RenderedChart.render("default", "inference.autoscaling.enabled=false", "inference.replicas=1")
                .ofKind("PodDisruptionBudget")).isEmpty();
        assertThat(RenderedChart.render("default", "inference.autoscaling.enabled=false", "inference.replicas=2")
                .ofKind("PodDisruptionBudget")).hasSize(1);
    }

    @Test
    void aConfigChangeRollsThePods() {
        Object before = Trees.at(RenderedChart.render("default").get("Deployment", "sightline-inference").tree(),
                "spec", "template", "metadata", "annotations", "checksum/config");
        Object after = Trees.at(RenderedChart.render("default", "inference.config.sightline\\.inference\\.default-top-k=5")
                .get("Deployment", "sightline-inference").tree(), "spec", "template", "metadata", "annotations", "checksum/config");
        assertThat(after).isNotNull().isNotEqualTo(before);
    }
}
