/**
 * Retrain bindings set through the API: kept in the store, overriding the configured ones per dataset, announced to
 * every replica ({@link io.sightline.trainer.jobs.binding.RetrainBindings}).
 */
package io.sightline.trainer.jobs.binding;
