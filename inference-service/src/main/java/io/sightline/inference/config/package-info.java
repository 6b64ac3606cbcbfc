/**
 * Configuration ({@code sightline.inference.*}, {@code sightline.store.*}) and the CDI wiring that turns
 * it into the plain domain objects of {@code io.sightline.inference.registry}, {@code batching}, {@code serving}
 * and {@code readiness}.
 */
package io.sightline.inference.config;
