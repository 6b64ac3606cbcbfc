/**
 * Configuration ({@link io.sightline.trainer.config.TrainerConfig}; {@link
 * io.sightline.trainer.config.ConsoleConfig}, what the web console talks to) and the CDI wiring of the framework-free
 * domain classes. The store ({@code sightline.store.*}) and its producer, the shared error mappers and the
 * tracing helpers come from the service kit.
 */
package io.sightline.trainer.config;
