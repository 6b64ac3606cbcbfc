/**
 * Configuration and wiring: the {@code sightline.dataset.*} and {@code sightline.store.*} mappings and the
 * producers that build the framework-free domain objects from them.
 */
package io.sightline.dataset.config;
