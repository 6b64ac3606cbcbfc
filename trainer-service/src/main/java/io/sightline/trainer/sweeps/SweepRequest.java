package io.sightline.trainer.sweeps;

/**
 * A sweep as asked for; null means "not given".
 *
 * @param model          the model the winner is trained as (and promoted through its gate)
 * @param dataset        dataset name
 * @param datasetVersion dataset version, or null for the newest
 * @param search         {@code grid} (every combination) or {@code random} ({@code trials} of them)
 * @param trials         random search: how many combinations (default 8); grid: must match the grid if given
 * @param seed           seed of the random choice and of every trial's training (default 42)
 * @param space          the values searched
 * @param epochs         epochs of the winner's final training and most epochs of a rung (default 5)
 * @param imageSize      square input side of every job, 0 or null for the architecture's default
 * @param budgetSeconds  after this much wall time no further rung is launched; the best so far wins
 */
public record SweepRequest(String model, String dataset, String datasetVersion, String search, Integer trials,
                           Long seed, SweepSpace space, Integer epochs, Integer imageSize, Integer budgetSeconds) {
}
