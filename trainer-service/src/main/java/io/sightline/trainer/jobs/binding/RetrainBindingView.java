package io.sightline.trainer.jobs.binding;

import io.sightline.events.TrainingParameters;
import java.time.Instant;

/**
 * A retrain binding in force, as the API shows it.
 *
 * @param dataset         the bound dataset
 * @param model           the model trained on each new version
 * @param parameters      how
 * @param debounceSeconds how long a split waits for a newer one; null: the configured time
 * @param source          {@code config} (the service's configuration) or {@code api} (set through the API)
 * @param updatedAt       when it was set through the API; null for a configured one
 * @param by              who set it; null for a configured one
 */
public record RetrainBindingView(String dataset, String model, TrainingParameters parameters, Integer debounceSeconds,
                                 String source, Instant updatedAt, String by) {
}
