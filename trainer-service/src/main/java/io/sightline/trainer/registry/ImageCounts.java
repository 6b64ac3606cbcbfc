package io.sightline.trainer.registry;

/** Images per split a model version was trained and evaluated on. */
public record ImageCounts(int train, int validation, int test) {
}
