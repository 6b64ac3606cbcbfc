/** Readiness beyond what the extensions check: the artefact store must take writes. */
package io.sightline.dataset.health;
