/**
 * The versions the service knows and their states: published versions recovered from {@code datasets/},
 * every request journalled under {@code journal/datasets/} so that states and version ids survive a restart
 * (docs/decisions/010), deleted versions too: a tombstone ({@code tombstone.json}, metadata kept) when a model's
 * lineage names them ({@link io.sightline.dataset.catalog.ModelLineages}), else journalled only, so their number is
 * never given again (docs/decisions/091); and a published version laid out as {@code train/ test/ val/} folders
 * ({@link io.sightline.dataset.catalog.TreeMaterialiser}), re-hashed against its manifest each time it is
 * asked for. Several replicas share the journal: numbers are claimed by creating entries only if absent, and each
 * replica re-reads the others' entries ({@link io.sightline.dataset.catalog.JournalRefresh}, docs/decisions/096).
 */
package io.sightline.dataset.catalog;
