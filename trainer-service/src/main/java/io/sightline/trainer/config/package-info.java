/**
 * Configuration ({@link io.sightline.trainer.config.TrainerConfig}, {@link
 * io.sightline.trainer.config.StoreConfig}) and the CDI wiring of the framework-free domain classes.
 */
package io.sightline.trainer.config;
