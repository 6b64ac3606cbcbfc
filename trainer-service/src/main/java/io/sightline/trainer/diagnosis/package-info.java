/**
 * What a run's curves say: {@link io.sightline.trainer.diagnosis.CurveDiagnosis} reads the per-epoch losses and
 * accuracies and names what went wrong (a rate too high, noise, divergence, a plateau, over- or under-fitting)
 * with the numbers that show it and a change to make, with a value (decision 101).
 */
package io.sightline.trainer.diagnosis;
