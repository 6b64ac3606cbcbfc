/**
 * The model registry in the artefact store: numbered model versions published atomically under {@code
 * models/<model>/<version>/} (weights, architecture, signature, {@code metrics.json}), the current champion
 * in {@code models/<model>/champion.json}, and the {@link io.sightline.trainer.registry.PromotionPolicy}
 * that decides whether a new version takes over.
 */
package io.sightline.trainer.registry;
