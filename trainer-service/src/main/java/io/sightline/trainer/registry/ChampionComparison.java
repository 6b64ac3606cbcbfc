package io.sightline.trainer.registry;

/**
 * The champion re-measured on the new version's test split, so the promotion gate compares like with like.
 *
 * @param version      the champion's version
 * @param accuracy     its accuracy on this test split; null when it could not be measured
 * @param recorded     the test accuracy recorded when it was trained (on its own split)
 * @param note         why it could not be measured, or null
 */
public record ChampionComparison(String version, Double accuracy, double recorded, String note) {
}
