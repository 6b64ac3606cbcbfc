package io.sightline.trainer.jobs.binding;

import io.sightline.events.RetrainBindingChanged;
import java.util.concurrent.CompletionStage;

/** Tells every replica that a retrain binding changed; completes when the broker has the event. */
public interface BindingEvents {

    CompletionStage<Void> changed(RetrainBindingChanged event);
}
