package io.sightline.trainer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.events.RetrainBindingChanged;
import io.sightline.trainer.jobs.binding.RetrainBindings;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Re-reads a dataset's retrain binding from the store when a replica announces a change of it (this one's own
 * changes come back too, harmlessly). The record only names the dataset: the store is the truth, so a lost or
 * reordered announcement is made good by the next one or by the periodic re-read. Other types on the topic are
 * ignored.
 */
@ApplicationScoped
public class BindingChangesConsumer {

    private static final Logger LOG = Logger.getLogger(BindingChangesConsumer.class);

    private final RetrainBindings bindings;
    private final ObjectMapper json;

    BindingChangesConsumer(RetrainBindings bindings, ObjectMapper json) {
        this.bindings = bindings;
        this.json = json;
    }

    @Incoming(Channels.BINDING_CHANGES)
    @Blocking
    public CompletionStage<Void> onChange(Message<String> message) {
        boolean isChange = CloudEvents.type(message).map(RetrainBindingChanged.TYPE::equals).orElse(false);
        if (isChange && message.getPayload() != null) {
            try {
                RetrainBindingChanged changed = json.readValue(message.getPayload(), RetrainBindingChanged.class);
                bindings.reload(changed.dataset());
                LOG.infof("retrain binding of dataset %s re-read (changed by %s)", changed.dataset(), changed.by());
            } catch (Exception e) { // a view of the store: never let one record stop the channel
                LOG.warnf("cannot apply a retrain binding change: %s", e.toString());
            }
        }
        return message.ack();
    }
}
