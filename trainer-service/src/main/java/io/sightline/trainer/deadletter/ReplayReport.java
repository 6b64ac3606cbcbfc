package io.sightline.trainer.deadletter;

import java.util.List;
import java.util.Map;

/**
 * What a replay did.
 *
 * @param replayId  the id every replayed record carries in its {@code sightline-replay-id} header
 * @param selected  records the request chose
 * @param replayed  records written back to their topic
 * @param toTopics  records written, per topic
 * @param refused   records not written, with the reason (not from a topic of this service, or the write failed)
 */
public record ReplayReport(String replayId, String topic, int selected, int replayed, Map<String, Integer> toTopics,
                           List<Refusal> refused) {

    public record Refusal(int partition, long offset, String reason) {
    }
}
