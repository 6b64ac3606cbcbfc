/**
 * Configuration and wiring: the {@code sightline.dataset.*} mapping and the producers that build the
 * framework-free domain objects from it. The store ({@code sightline.store.*}) and its producer, the
 * shared error mappers and the traced executor come from the service kit.
 */
package io.sightline.dataset.config;
