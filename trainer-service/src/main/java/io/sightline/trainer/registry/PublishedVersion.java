package io.sightline.trainer.registry;

/**
 * A model version now visible in the store.
 *
 * @param model       model name
 * @param version     its number
 * @param artifactKey store key of its folder
 */
public record PublishedVersion(String model, String version, String artifactKey) {
}
