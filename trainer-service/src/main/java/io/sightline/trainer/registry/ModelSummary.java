package io.sightline.trainer.registry;

/**
 * A model, for listings.
 *
 * @param name            model name
 * @param versions        how many versions it has
 * @param latestVersion   its newest version
 * @param championVersion its served version, null when none was promoted
 */
public record ModelSummary(String name, int versions, String latestVersion, String championVersion) {
}
