package io.sightline.trainer.jobs.queue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A request's {@code learningRate}: a number, or {@code "auto"} for a learning-rate range test (decision 101).
 * Only the REST edge (jobs, retrain bindings) takes the string; on Kafka the rate stays a number, with {@code
 * learningRateAuto} beside it, so consumers that read it as a double keep working.
 *
 * @param value the rate asked for; null with {@code auto}
 * @param auto  whether the range test chooses it
 */
public record RequestedLearningRate(Double value, boolean auto) {

    public static final String AUTO = "auto";

    public static RequestedLearningRate of(double value) {
        return new RequestedLearningRate(value, false);
    }

    public static RequestedLearningRate automatic() {
        return new RequestedLearningRate(null, true);
    }

    /** A JSON number, a numeric string, or {@code "auto"} (any case); anything else is refused, naming it. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static RequestedLearningRate parse(JsonNode node) {
        if (node.isNumber()) {
            return of(node.doubleValue());
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (AUTO.equals(text.toLowerCase(Locale.ROOT))) {
                return automatic();
            }
            try {
                return of(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        String shown = node.toString();
        throw new IllegalArgumentException("learningRate must be a number or \"auto\", got: "
                + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown));
    }

    /** As a request body writes it: the number, or {@code "auto"}. */
    @JsonValue
    Object json() {
        return auto ? AUTO : value;
    }
}
