/**
 * Configuration ({@code sightline.inference.*}) and the CDI wiring that turns it into the plain domain
 * objects of {@code io.sightline.inference.registry}, {@code batching}, {@code serving} and {@code readiness}.
 * The artefact store ({@code sightline.store.*}) is configured and produced by service-kit
 * ({@code io.sightline.kit.store}).
 */
package io.sightline.inference.config;
