package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.helm.RenderedChart.Manifest;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The payloads topic (decision 105): absent by default; when on, written by inference and read by datasets only. */
class PayloadTopicTest {

    @Test
    void offByDefaultAndWhenOnOnlyInferenceWritesAndOnlyTheDatasetServiceReads() {
        RenderedChart off = RenderedChart.render("strimzi");
        assertThat(off.ofKind("KafkaTopic")).noneMatch(t -> "sightline.inference.payloads"
                .equals(Trees.at(t.tree(), "spec", "topicName")));

        RenderedChart on = RenderedChart.render("strimzi", "kafka.topics.payloads.enabled=true");

        Manifest topic = on.ofKind("KafkaTopic").stream()
                .filter(t -> "sightline.inference.payloads".equals(Trees.at(t.tree(), "spec", "topicName")))
                .findFirst().orElseThrow();
        assertThat(Trees.map(topic.tree(), "spec", "config")).containsEntry("retention.ms", "604800000");
        assertThat(acls(on, "sightline-inference")).containsEntry("topic:sightline.inference.payloads",
                Set.of("Write", "Describe"));
        assertThat(acls(on, "sightline-dataset")).containsEntry("topic:sightline.inference.payloads",
                Set.of("Read", "Describe"));
        assertThat(acls(on, "sightline-trainer")).doesNotContainKey("topic:sightline.inference.payloads");
    }

    private static Map<String, Set<Object>> acls(RenderedChart chart, String user) {
        return Trees.maps(chart.get("KafkaUser", user).tree(), "spec", "authorization", "acls").stream()
                .collect(Collectors.toMap(acl -> Trees.at(acl, "resource", "type") + ":"
                        + Trees.at(acl, "resource", "name"), acl -> Set.copyOf(Trees.list(acl, "operations"))));
    }
}
