package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.helm.RenderedChart.Manifest;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The observations topic (decision 107): written by inference, read by the trainer only. */
class ObservationTopicTest {

    @Test
    void inferenceWritesItAndOnlyTheTrainerReadsIt() {
        RenderedChart chart = RenderedChart.render("strimzi");

        Manifest topic = chart.ofKind("KafkaTopic").stream()
                .filter(t -> "sightline.inference.observations".equals(Trees.at(t.tree(), "spec", "topicName")))
                .findFirst().orElseThrow();
        assertThat(Trees.map(topic.tree(), "spec", "config")).containsEntry("retention.ms", "3600000");
        assertThat(acls(chart, "sightline-inference")).containsEntry("topic:sightline.inference.observations",
                Set.of("Write", "Describe"));
        assertThat(acls(chart, "sightline-trainer")).containsEntry("topic:sightline.inference.observations",
                Set.of("Read", "Describe"));
        assertThat(acls(chart, "sightline-dataset")).doesNotContainKey("topic:sightline.inference.observations");
    }

    private static Map<String, Set<Object>> acls(RenderedChart chart, String user) {
        return Trees.maps(chart.get("KafkaUser", user).tree(), "spec", "authorization", "acls").stream()
                .collect(Collectors.toMap(acl -> Trees.at(acl, "resource", "type") + ":"
                        + Trees.at(acl, "resource", "name"), acl -> Set.copyOf(Trees.list(acl, "operations"))));
    }
}
