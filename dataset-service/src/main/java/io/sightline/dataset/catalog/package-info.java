/**
 * The versions the service knows and their states: published versions recovered from {@code datasets/},
 * every request journalled under {@code journal/datasets/} so that states and version ids survive a restart
 * (docs/decisions/010).
 */
package io.sightline.dataset.catalog;
