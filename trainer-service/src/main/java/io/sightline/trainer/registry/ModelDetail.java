package io.sightline.trainer.registry;

import io.sightline.storage.Champion;
import java.util.List;

/**
 * A model with all its versions, newest first.
 *
 * @param name     model name
 * @param champion the served version, null when none was promoted
 * @param versions every version
 */
public record ModelDetail(String name, Champion champion, List<ModelVersionSummary> versions) {
}
