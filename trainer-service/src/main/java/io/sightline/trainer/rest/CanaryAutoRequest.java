package io.sightline.trainer.rest;

import io.sightline.events.CanaryAuto;
import io.sightline.trainer.jobs.InvalidJobException;
import java.util.Map;
import java.util.Set;

/** Reads the {@code auto} object of a canary start, naming the field at fault in a 400 (decision 107). */
final class CanaryAutoRequest {

    static final int FEWEST_REQUESTS = 50;
    static final int MOST_REQUESTS = 1_000_000;
    private static final Set<String> FIELDS = Set.of("requests", "maxErrorRateIncrease", "maxConfidenceDrop");

    private CanaryAutoRequest() {
    }

    /** The rule, or null when the body has no {@code auto}. */
    static CanaryAuto parse(Object auto) {
        if (auto == null) {
            return null;
        }
        if (!(auto instanceof Map<?, ?> fields)) {
            throw new InvalidJobException("auto must be an object: {\"requests\": N, \"maxErrorRateIncrease\": x,"
                    + " \"maxConfidenceDrop\": y}");
        }
        for (Object name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidJobException("auto." + name + " is not a field: use requests, maxErrorRateIncrease,"
                        + " maxConfidenceDrop");
            }
        }
        Number requests = number(fields, "requests", CanaryAuto.DEFAULT_REQUESTS);
        if (requests.doubleValue() != Math.rint(requests.doubleValue())
                || requests.doubleValue() < FEWEST_REQUESTS || requests.doubleValue() > MOST_REQUESTS) {
            throw new InvalidJobException("auto.requests must be a whole number from " + FEWEST_REQUESTS + " to "
                    + MOST_REQUESTS + ", got " + requests);
        }
        return new CanaryAuto(requests.intValue(),
                share(fields, "maxErrorRateIncrease", CanaryAuto.DEFAULT_MAX_ERROR_RATE_INCREASE),
                share(fields, "maxConfidenceDrop", CanaryAuto.DEFAULT_MAX_CONFIDENCE_DROP));
    }

    private static double share(Map<?, ?> fields, String name, double fallback) {
        double value = number(fields, name, fallback).doubleValue();
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidJobException("auto." + name + " must be between 0 and 1, got " + value);
        }
        return value;
    }

    private static Number number(Map<?, ?> fields, String name, Number fallback) {
        Object value = fields.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number)) {
            throw new InvalidJobException("auto." + name + " must be a number");
        }
        return number;
    }
}
