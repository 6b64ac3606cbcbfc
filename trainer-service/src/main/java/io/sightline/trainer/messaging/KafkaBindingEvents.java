package io.sightline.trainer.messaging;

import io.sightline.events.RetrainBindingChanged;
import io.sightline.trainer.jobs.binding.BindingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Announces retrain binding changes on {@code sightline.training.events}, keyed by dataset. */
@ApplicationScoped
public class KafkaBindingEvents implements BindingEvents {

    private final Emitter<RetrainBindingChanged> changes;

    KafkaBindingEvents(@Channel(Channels.BINDING_EVENTS) Emitter<RetrainBindingChanged> changes) {
        this.changes = changes;
    }

    @Override
    public CompletionStage<Void> changed(RetrainBindingChanged event) {
        return CloudEvents.send(changes, event, event.dataset(), RetrainBindingChanged.TYPE, event.id(),
                event.changedAt());
    }
}
