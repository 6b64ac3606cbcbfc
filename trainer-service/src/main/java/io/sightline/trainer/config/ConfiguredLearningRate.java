package io.sightline.trainer.config;

import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import java.util.Locale;

/**
 * A retrain binding's {@code learning-rate} from the configuration: a number, or {@code auto} as in a request's body
 * (decision 101). On the wire the rate stays a number (0 with {@code learningRateAuto}), as the REST edge sends it.
 */
final class ConfiguredLearningRate {

    private ConfiguredLearningRate() {
    }

    /** Whether the range test picks the rate; null (not true/false) so a number leaves the field out of events. */
    static Boolean auto(String setting) {
        return isAuto(setting) ? Boolean.TRUE : null;
    }

    /**
     * The number, 0 with {@code auto}; the rules of a training request then check its range.
     *
     * @throws IllegalArgumentException naming the binding and the value when it is neither a number nor auto
     */
    static double value(String dataset, String setting) {
        if (isAuto(setting)) {
            return 0;
        }
        try {
            return Double.parseDouble(setting.strip());
        } catch (NumberFormatException | NullPointerException e) {
            String shown = setting == null ? "nothing" : setting.length() > 40 ? setting.substring(0, 40) + "…" : setting;
            throw new IllegalArgumentException("retrain binding for dataset " + dataset
                    + ": learning-rate must be a number or " + RequestedLearningRate.AUTO + ", got: " + shown);
        }
    }

    private static boolean isAuto(String setting) {
        return setting != null && RequestedLearningRate.AUTO.equals(setting.strip().toLowerCase(Locale.ROOT));
    }
}
