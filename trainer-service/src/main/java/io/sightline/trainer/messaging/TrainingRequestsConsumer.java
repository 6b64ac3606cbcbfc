package io.sightline.trainer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.sightline.events.EventTypes;
import io.sightline.events.TrainingRequested;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.tracing.JobSpans;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The worker end of the work queue: runs each requested job on a worker thread (never on the event loop),
 * one at a time per consumer ({@code sightline.trainer.concurrent-jobs} consumers per instance), and
 * acknowledges the record only once the job has ended, so a crash mid-job means redelivery. (A named worker pool would isolate training better, but SmallRye's named pools are closed
 * and not recreated across dev-mode reloads: RejectedExecutionException.)
 */
@ApplicationScoped
public class TrainingRequestsConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingRequestsConsumer.class);

    private final TrainingWorker worker;
    private final ObjectMapper json;
    private final JobSpans spans;

    TrainingRequestsConsumer(TrainingWorker worker, ObjectMapper json, JobSpans spans) {
        this.worker = worker;
        this.json = json;
        this.spans = spans;
    }

    @Incoming(Channels.TRAINING_REQUESTS)
    @Blocking // ordered: one job at a time per consumer
    public CompletionStage<Void> onTrainingRequested(Message<String> message) {
        Optional<String> type = CloudEvents.type(message);
        if (message.getPayload() == null || type.isPresent() && !EventTypes.TRAINING_REQUESTED.equals(type.get())) {
            return message.ack();
        }
        try {
            TrainingRequested request = json.readValue(message.getPayload(), TrainingRequested.class);
            spans.run(request, () -> worker.run(request));
            return message.ack();
        } catch (Exception | LinkageError e) { // never let one record stop the channel
            LOG.errorf("cannot run a record of %s: %s", Channels.TRAINING_REQUESTS, e.toString());
            return message.nack(e);
        }
    }
}
