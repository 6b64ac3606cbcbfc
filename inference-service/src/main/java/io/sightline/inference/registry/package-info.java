/**
 * Which version of each model serves. {@link io.sightline.inference.registry.ModelRegistry} takes
 * promotions (and admin loads and unloads) and keeps one slot per model; {@code SlotReconciler} brings a
 * slot to its latest promotion on the loader thread and swaps atomically; {@code VersionLoader} loads,
 * checks and warms up one version through a {@link io.sightline.inference.registry.ModelLoader} (the seam
 * through which a promotion becomes a loaded model, wrapped by {@code tracing}); {@code ChampionFallback}
 * serves the champion the store records ({@link io.sightline.inference.registry.ChampionFiles}) for a model
 * whose registry record is unusable.
 *
 * <p>A loaded version ({@link io.sightline.inference.registry.ServedModel}) is reference counted: the
 * registry holds one reference while it serves, each request one through a
 * {@link io.sightline.inference.registry.ModelLease}, so a hot swap never closes a model under a running
 * request. {@link io.sightline.inference.registry.ModelStatus} is what {@code GET /models} reports.
 */
package io.sightline.inference.registry;
