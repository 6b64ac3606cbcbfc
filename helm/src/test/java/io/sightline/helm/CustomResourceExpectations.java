package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.helm.RenderedChart.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written expectations for the custom resources fabric8's core model has no classes for (Strimzi, KEDA,
 * Prometheus Operator): their apiVersion, the fields the chart may write (so a misspelled one fails here as it
 * would be refused or ignored by the operator), and what they must point at.
 */
final class CustomResourceExpectations {

    static final Set<String> KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "ScaledObject",
            "TriggerAuthentication", "ServiceMonitor");

    private static final Map<String, String> API_VERSIONS = Map.of(
            "Kafka", "kafka.strimzi.io/v1beta2",
            "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2",
            "KafkaUser", "kafka.strimzi.io/v1beta2",
            "ScaledObject", "keda.sh/v1alpha1",
            "TriggerAuthentication", "keda.sh/v1alpha1",
            "ServiceMonitor", "monitoring.coreos.com/v1");

    private CustomResourceExpectations() {
    }

    /** Checks one custom resource against its expectations, with the rest of the rendering as context. */
    static void check(Manifest cr, RenderedChart chart) {
        assertThat(cr.apiVersion()).as("apiVersion of %s", cr).isEqualTo(API_VERSIONS.get(cr.kind()));
        assertThat(cr.tree().keySet()).as("top-level fields of %s", cr)
                .containsOnly("apiVersion", "kind", "metadata", "spec");
        assertThat(Trees.map(cr.tree(), "metadata").keySet()).as("metadata of %s", cr)
                .isSubsetOf("name", "labels", "annotations");
        switch (cr.kind()) {
            case "Kafka" -> kafka(cr);
            case "KafkaNodePool" -> nodePool(cr, chart);
            case "KafkaTopic" -> topic(cr, chart);
            case "KafkaUser" -> user(cr, chart);
            case "ScaledObject" -> scaledObject(cr, chart);
            case "TriggerAuthentication" -> triggerAuthentication(cr, chart);
            case "ServiceMonitor" -> serviceMonitor(cr, chart);
            default -> throw new AssertionError("no expectations for " + cr);
        }
    }

    private static void kafka(Manifest kafka) {
        Map<String, Object> spec = Trees.map(kafka.tree(), "spec");
        assertThat(spec.keySet()).as("Kafka spec (KRaft: no zookeeper)").containsOnly("kafka", "entityOperator");
        assertThat(Trees.map(spec, "kafka").keySet())
                .isSubsetOf("version", "metadataVersion", "listeners", "authorization", "config");
        assertThat(Trees.at(spec, "kafka", "version")).isInstanceOf(String.class);
        assertThat(Trees.map(kafka.tree(), "metadata", "annotations"))
                .containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        List<Map<String, Object>> listeners = Trees.maps(spec, "kafka", "listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.keySet()).containsOnly("name", "port", "type", "tls", "authentication").contains("tls");
            assertThat(listener.get("type")).isEqualTo("internal");
            assertThat(listener.get("tls")).isInstanceOf(Boolean.class);
            Object authentication = Trees.at(listener, "authentication", "type");
            if (authentication != null) {
                assertThat(Trees.map(listener, "authentication").keySet()).containsOnly("type");
                assertThat(authentication).isIn("scram-sha-512", "tls");
                assertThat(Trees.map(spec, "kafka", "authorization")).as("ACLs enforced where clients log in")
                        .containsExactly(Map.entry("type", "simple"));
            }
        });
        assertThat(Trees.map(spec, "entityOperator").keySet()).as("the Topic Operator manages the KafkaTopics")
                .contains("topicOperator");
    }

    private static void nodePool(Manifest pool, RenderedChart chart) {
        assertThat(clusterOf(pool, chart)).isNotNull();
        Map<String, Object> spec = Trees.map(pool.tree(), "spec");
        assertThat(spec.keySet()).isSubsetOf("replicas", "roles", "storage", "resources");
        assertThat(spec.get("replicas")).isInstanceOf(Integer.class);
        assertThat(Trees.list(spec, "roles")).as("KRaft dual-role nodes").containsExactlyInAnyOrder("controller", "broker");
        assertThat(Trees.at(spec, "storage", "type")).isEqualTo("jbod");
        assertThat(Trees.maps(spec, "storage", "volumes")).isNotEmpty().allSatisfy(volume -> {
            assertThat(volume.keySet()).isSubsetOf("id", "type", "size", "class", "deleteClaim", "kraftMetadata");
            assertThat(volume.get("type")).isEqualTo("persistent-claim");
        });
    }

    private static void topic(Manifest topic, RenderedChart chart) {
        assertThat(clusterOf(topic, chart)).isNotNull();
        Map<String, Object> spec = Trees.map(topic.tree(), "spec");
        assertThat(spec.keySet()).isSubsetOf("topicName", "partitions", "replicas", "config");
        assertThat(spec.get("topicName")).asString().startsWith("sightline.");
        assertThat(spec.get("partitions")).isInstanceOf(Integer.class);
        assertThat(spec.get("replicas")).isInstanceOf(Integer.class);
        assertThat(Trees.map(spec, "config").values()).as("topic configs are strings").allSatisfy(
                value -> assertThat(value).isInstanceOf(String.class));
        assertThat(topic.name()).as("a DNS-1123 name").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    private static final Set<String> ACL_OPERATIONS = Set.of("Read", "Write", "Describe");

    private static void user(Manifest user, RenderedChart chart) {
        Manifest cluster = clusterOf(user, chart);
        Map<String, Object> spec = Trees.map(user.tree(), "spec");
        assertThat(spec.keySet()).containsOnly("authentication", "authorization");
        Object listenerAuthentication = Trees.at(Trees.maps(cluster.tree(), "spec", "kafka", "listeners").get(0),
                "authentication", "type");
        assertThat(Trees.at(spec, "authentication", "type")).as("%s logs in as its listener expects", user)
                .isEqualTo(listenerAuthentication);
        assertThat(Trees.at(spec, "authorization", "type")).isEqualTo("simple");
        assertThat(Trees.maps(spec, "authorization", "acls")).isNotEmpty().allSatisfy(acl -> {
            assertThat(acl.keySet()).containsOnly("resource", "operations");
            assertThat(Trees.map(acl, "resource").keySet()).containsOnly("type", "name", "patternType");
            assertThat(Trees.at(acl, "resource", "type")).isIn("topic", "group");
            assertThat(Trees.at(acl, "resource", "patternType")).isIn("literal", "prefix");
            assertThat(Trees.list(acl, "operations")).isNotEmpty().allSatisfy(op -> assertThat(op).isIn(ACL_OPERATIONS));
        });
        assertThat(chart.ofKind("Deployment")).as("a service logs in as %s", user).anySatisfy(deployment ->
                assertThat(CiValuesTest.env(Trees.maps(CiValuesTest.podSpec(deployment), "containers").get(0)))
                        .values().anySatisfy(value -> assertThat(value).isIn(user.name(),
                                "secret:" + user.name() + "/password", "secret:" + user.name() + "/user.password")));
    }

    private static Manifest clusterOf(Manifest member, RenderedChart chart) {
        Object cluster = Trees.at(member.tree(), "metadata", "labels", "strimzi.io/cluster");
        return chart.get("Kafka", (String) cluster);
    }

    private static final Set<String> KAFKA_TRIGGER_METADATA = Set.of("bootstrapServers", "consumerGroup", "topic",
            "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
            "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag");

    private static void scaledObject(Manifest scaled, RenderedChart chart) {
        Map<String, Object> spec = Trees.map(scaled.tree(), "spec");
        assertThat(spec.keySet()).isSubsetOf("scaleTargetRef", "minReplicaCount", "maxReplicaCount",
                "pollingInterval", "cooldownPeriod", "advanced", "triggers");
        assertThat(Trees.map(spec, "scaleTargetRef").keySet()).containsOnly("name");
        Manifest target = chart.get("Deployment", (String) Trees.at(spec, "scaleTargetRef", "name"));
        assertThat(Trees.at(target.tree(), "spec", "replicas")).as("KEDA owns the replicas of %s", target).isNull();
        assertThat(Trees.map(spec, "advanced").keySet()).containsOnly("horizontalPodAutoscalerConfig");
        List<Map<String, Object>> triggers = Trees.maps(spec, "triggers");
        assertThat(triggers).singleElement().satisfies(trigger -> {
            if ("prometheus".equals(trigger.get("type"))) {
                prometheusTrigger(trigger);
                return;
            }
            assertThat(trigger.keySet()).isSubsetOf("type", "metadata", "authenticationRef");
            assertThat(trigger.get("type")).isEqualTo("kafka");
            Map<String, Object> metadata = Trees.map(trigger, "metadata");
            assertThat(metadata.keySet()).isSubsetOf(KAFKA_TRIGGER_METADATA);
            assertThat(metadata.values()).as("KEDA trigger metadata is a map of strings")
                    .allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
            assertThat(metadata).containsEntry("topic", "sightline.training.requests")
                    .containsKey("bootstrapServers").containsKey("consumerGroup");
            Object auth = Trees.at(trigger, "authenticationRef", "name");
            if (auth != null) {
                chart.get("TriggerAuthentication", (String) auth);
            }
        });
    }

    private static final Set<String> PROMETHEUS_TRIGGER_METADATA = Set.of("serverAddress", "query", "threshold",
            "activationThreshold", "namespace", "ignoreNullValues", "unsafeSsl");

    /** An inference pool's trigger (decision 104): a Prometheus query and a threshold. */
    private static void prometheusTrigger(Map<String, Object> trigger) {
        assertThat(trigger.keySet()).isSubsetOf("type", "metadata", "metricType", "authenticationRef");
        assertThat(trigger.get("metricType")).isIn(null, "AverageValue", "Value", "Utilization");
        Map<String, Object> metadata = Trees.map(trigger, "metadata");
        assertThat(metadata.keySet()).isSubsetOf(PROMETHEUS_TRIGGER_METADATA)
                .contains("serverAddress", "query", "threshold");
        assertThat(metadata.values()).as("KEDA trigger metadata is a map of strings")
                .allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
        assertThat(Double.parseDouble((String) metadata.get("threshold"))).isPositive();
    }

    private static void triggerAuthentication(Manifest auth, RenderedChart chart) {
        Map<String, Object> spec = Trees.map(auth.tree(), "spec");
        assertThat(spec.keySet()).containsOnly("secretTargetRef");
        assertThat(Trees.maps(spec, "secretTargetRef")).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref.keySet()).containsOnly("parameter", "name", "key");
            assertThat(ref.get("parameter")).isIn("sasl", "username", "password", "tls", "ca", "cert", "key");
        });
        assertThat(chart.ofKind("ScaledObject")).as("%s is used", auth).anySatisfy(scaled -> assertThat(
                Trees.at(Trees.maps(scaled.tree(), "spec", "triggers").get(0), "authenticationRef", "name"))
                .isEqualTo(auth.name()));
    }

    private static void serviceMonitor(Manifest monitor, RenderedChart chart) {
        Map<String, Object> spec = Trees.map(monitor.tree(), "spec");
        assertThat(spec.keySet()).containsOnly("selector", "namespaceSelector", "endpoints");
        assertThat(Trees.maps(spec, "endpoints")).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.keySet()).isSubsetOf("port", "path", "interval");
            assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/q/metrics");
        });
        Map<String, Object> selector = Trees.map(spec, "selector", "matchLabels");
        assertThat(chart.ofKind("Service")).as("a Service selected by %s", monitor)
                .anySatisfy(service -> assertThat(Trees.map(service.tree(), "metadata", "labels"))
                        .containsAllEntriesOf(selector));
    }
}
