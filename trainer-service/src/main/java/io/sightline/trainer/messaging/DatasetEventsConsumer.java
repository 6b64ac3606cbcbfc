package io.sightline.trainer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.sightline.events.DatasetSplit;
import io.sightline.events.EventTypes;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Turns a dataset split into a retrain job when a binding names the dataset. A split's record is acknowledged
 * only once its retrain is queued (or superseded by a newer split), after the debounce time: the commit
 * strategy keeps the offset below any record still waiting, so none is lost to a restart. The topic also carries
 * rejections (other CloudEvent types): they are acknowledged and ignored. A record that cannot be read
 * goes to the dead-letter topic.
 */
@ApplicationScoped
public class DatasetEventsConsumer {

    private static final Logger LOG = Logger.getLogger(DatasetEventsConsumer.class);

    private final TrainingJobs jobs;
    private final ObjectMapper json;

    DatasetEventsConsumer(TrainingJobs jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @Incoming(Channels.DATASETS)
    @Blocking
    public CompletionStage<Void> onDatasetEvent(Message<String> message) {
        Optional<String> type = CloudEvents.type(message);
        if (message.getPayload() == null || type.isPresent() && !EventTypes.DATASET_SPLIT.equals(type.get())) {
            return message.ack();
        }
        try {
            DatasetSplit split = json.readValue(message.getPayload(), DatasetSplit.class);
            if (type.isEmpty() && split.manifestKey() == null) {
                return message.ack(); // no type header and not shaped like a split: not ours
            }
            // acknowledged once dealt with (after the debounce): a restart inside the window redelivers the split
            jobs.retrainWhenQuiet(split).whenComplete((job, error) -> {
                if (error != null) {
                    message.nack(error);
                    return;
                }
                job.ifPresent(j -> LOG.infof("dataset %s version %s: retrain job %s for model %s (%s)",
                        split.dataset(), split.version(), j.jobId(), j.model(), j.status()));
                message.ack();
            });
            return CompletableFuture.completedFuture(null);
        } catch (Exception | LinkageError e) { // never let one record stop the channel
            LOG.warnf("cannot handle a record of %s: %s", Channels.DATASETS, e.toString());
            return message.nack(e);
        }
    }
}
