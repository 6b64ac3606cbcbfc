/**
 * Hyperparameter sweeps (decision 106): a grid or random search whose trials are ordinary training jobs on the work
 * queue, pruned by successive halving, ranked by validation accuracy; the winner's parameters are trained again as a
 * job of the real model, so the champion gate decides on it like on any other version. The state is a store document
 * ({@code sweeps/<id>.json}) that any replica advances.
 */
package io.sightline.trainer.sweeps;
