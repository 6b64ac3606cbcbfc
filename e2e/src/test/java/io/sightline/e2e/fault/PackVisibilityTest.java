package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Found while testing a broker outage: a trainer that has already read blobs from the store's packs, asked
 * to train on a dataset whose pack was written more than 2 s later, fails the job with "cannot be read
 * from the store … NoSuchFileException: blobs/xx/<sha>" although the blob is in a pack. The trainer's
 * parallel decode misses the new pack in two threads at once; one rescans, the other sees "folder unchanged
 * since the last listing" and gives up on its stale list (storage {@code BlobPacks.find}). No fault needed:
 * just time between a split and the training on it.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class PackVisibilityTest {

    @Test
    void aDatasetSplitWhileTheTrainerIdlesIsReadableByItsParallelDecode() throws Exception {
        FaultStack.probeModel(); // the trainer has listed the packs
        String version = FaultStack.createDataset("late", 200, 16, 41);
        Thread.sleep(3000); // the scenario is time passing: past the window in which a reader always lists again
        SightlineClient client = FaultStack.client();
        try (TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.TRAINING_EVENTS)) {
            String jobId = client.startTraining(SightlineClient.object().put("model", "late-cnn").put("dataset", "late")
                            .put("datasetVersion", version).put("epochs", 1).put("batchSize", 16).put("imageSize", 16))
                    .requireStatus(202).body().path("jobId").asText();
            TopicLog.Event end = log.await(e -> (jobId + ":completed").equals(e.id()) || (jobId + ":failed").equals(e.id()),
                    Duration.ofMinutes(2), () -> FaultStack.stack().logTail(Service.TRAINER, 20));
            assertThat(end.type()).as(end.value()).isEqualTo(EventTypes.TRAINING_COMPLETED);
        }
    }
}
