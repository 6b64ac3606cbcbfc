/**
 * What this replica keeps resident: the placement that selects which models it serves ({@link
 * io.sightline.inference.residency.ModelSelection}, names and {@link io.sightline.inference.residency.GlobPattern globs})
 * and the memory budget with its least-recently-used accounting ({@link io.sightline.inference.residency.MemoryBudget}).
 * Plain Java; the registry applies them (decision 104).
 */
package io.sightline.inference.residency;
