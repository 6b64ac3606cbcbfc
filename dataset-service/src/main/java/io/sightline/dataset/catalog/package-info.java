/**
 * The versions the service knows and their states: published versions recovered from {@code datasets/},
 * every request journalled under {@code journal/datasets/} so that states and version ids survive a restart
 * (docs/decisions/010); and a published version laid out as {@code train/ test/ val/} folders
 * ({@link io.sightline.dataset.catalog.TreeMaterialiser}), re-hashed against its manifest each time it is
 * asked for.
 */
package io.sightline.dataset.catalog;
