/**
 * Configuration ({@code sightline.inference.*}, {@code sightline.store.*}) and the CDI wiring that turns
 * it into the plain domain objects of {@code io.sightline.inference}.
 */
package io.sightline.inference.config;
