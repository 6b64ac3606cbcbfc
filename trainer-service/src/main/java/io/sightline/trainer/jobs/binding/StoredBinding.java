package io.sightline.trainer.jobs.binding;

import io.sightline.events.TrainingParameters;
import java.time.Instant;

/**
 * A retrain binding set through the API, as the store keeps it ({@code retrain-bindings/<dataset>.json}).
 *
 * @param dataset         the bound dataset
 * @param model           the model trained on its new versions
 * @param parameters      how, defaults resolved as for a training request
 * @param debounceSeconds how long a split waits for a newer one; null: the configured time
 * @param updatedAt       when it was set
 * @param by              who set it
 * @param deleted         true: the dataset has no binding, whatever the configuration says (absent: false)
 */
public record StoredBinding(String dataset, String model, TrainingParameters parameters, Integer debounceSeconds,
                            Instant updatedAt, String by, Boolean deleted) {

    boolean isOff() {
        return Boolean.TRUE.equals(deleted);
    }
}
