package io.sightline.dataset.catalog;

import java.time.Instant;
import java.util.List;

/**
 * How a version was deleted; journalled with it, so that a restart still answers 404 or the tombstone and never
 * hands the number out again.
 *
 * @param at        when
 * @param by        who asked: the caller's name, or {@code retention}
 * @param reason    one sentence
 * @param tombstone whether its metadata stays because a model's lineage names it
 * @param namedBy   the model versions naming it, {@code model:version}
 */
public record Deletion(Instant at, String by, String reason, boolean tombstone, List<String> namedBy) {

    public Deletion {
        namedBy = namedBy == null ? List.of() : List.copyOf(namedBy);
    }
}
