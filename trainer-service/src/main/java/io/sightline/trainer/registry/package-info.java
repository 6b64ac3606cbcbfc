/**
 * The model registry in the artefact store: {@link io.sightline.trainer.registry.PublishedModels} holds numbered
 * model versions published atomically under {@code models/<model>/<version>/} (weights, architecture, signature,
 * {@code metrics.json}) and the current champion in {@code models/<model>/champion.json} (the storage module's
 * {@link io.sightline.storage.Champion}; every file name and key comes from {@link io.sightline.storage.StoreKeys});
 * {@link io.sightline.trainer.registry.ChampionReevaluation} measures the champion on a new version's test split,
 * and the {@link io.sightline.trainer.registry.PromotionPolicy} decides whether the new version takes over.
 */
package io.sightline.trainer.registry;
