package io.sightline.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.inference.InvalidInputException;

/** The non-array values of a flat or nested JSON array, in row-major order. */
final class JsonLeaves {

    interface LeafConsumer {
        void accept(JsonNode leaf) throws InvalidInputException;
    }

    private JsonLeaves() {
    }

    /** How many values the array holds; walks what Jackson already built, allocates nothing. */
    static long count(JsonNode node) {
        long count = 0;
        for (JsonNode item : node) {
            count += item.isArray() ? count(item) : 1;
        }
        return count;
    }

    static void forEach(JsonNode node, LeafConsumer consumer) throws InvalidInputException {
        for (JsonNode item : node) {
            if (item.isArray()) {
                forEach(item, consumer);
            } else {
                consumer.accept(item);
            }
        }
    }
}
