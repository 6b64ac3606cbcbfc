package io.sightline.trainer.registry;

import java.time.Instant;

/**
 * One version of a model, for listings.
 *
 * @param version        version number
 * @param champion       whether it is the served version
 * @param artifactKey    store key of its folder
 * @param architecture   architecture name
 * @param testAccuracy   test accuracy (null when its metrics are unreadable)
 * @param testLoss       test loss (null when its metrics are unreadable)
 * @param jobId          job that trained it
 * @param dataset        dataset name
 * @param datasetVersion dataset version
 * @param epochs         epochs trained
 * @param completedAt    when it was written
 */
public record ModelVersionSummary(String version, boolean champion, String artifactKey, String architecture,
                                  Double testAccuracy, Double testLoss, String jobId, String dataset,
                                  String datasetVersion, int epochs, Instant completedAt) {
}
