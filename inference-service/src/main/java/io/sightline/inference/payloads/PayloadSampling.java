package io.sightline.inference.payloads;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which requests are logged: a share of them, of the named models only (all when {@code models} is empty).
 *
 * @param sample share of requests logged, 0 to 1
 */
record PayloadSampling(double sample, Set<String> models) {

    PayloadSampling {
        if (!(sample >= 0 && sample <= 1)) {
            throw new IllegalArgumentException("sightline.inference.payloads.sample must be between 0 and 1, got "
                    + sample);
        }
        models = Set.copyOf(models);
    }

    boolean on() {
        return sample > 0;
    }

    boolean sampled(String model) {
        if (sample <= 0 || (!models.isEmpty() && !models.contains(model))) {
            return false;
        }
        return sample >= 1 || ThreadLocalRandom.current().nextDouble() < sample;
    }
}
