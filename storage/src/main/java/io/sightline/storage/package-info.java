/**
 * Sightline's artefact store. Blobs are addressed by their SHA-256 and written once; everything else
 * (dataset versions, model versions, checkpoints) is a folder published atomically: readers see all of
 * it or nothing. {@link io.sightline.storage.ArtifactStore#connect(java.net.URI)} picks the backend
 * ({@link io.sightline.storage.FileArtifactStore}, {@link io.sightline.storage.S3ArtifactStore}) from the URI
 * scheme; both stage a publication the same way ({@code StagedPublication}) and differ only in how a commit makes
 * it visible.
 *
 * <p>The store's documents are defined here once for every service that writes or reads them: their keys and
 * file names in {@link io.sightline.storage.StoreKeys}, their JSON form in {@link io.sightline.storage.StoreJson},
 * and the records of those that are shared, {@link io.sightline.storage.DatasetManifest} and
 * {@link io.sightline.storage.Champion}.
 *
 * <p>Blobs are collected, never deleted one by one: {@link io.sightline.storage.StoreCollector} marks the blobs live
 * manifests name and sweeps the rest ({@link io.sightline.storage.ArtifactStore#sweepBlobs}); writers that put blobs
 * no manifest names yet keep it out with a {@link io.sightline.storage.WriterHold}
 * ({@code docs/decisions/090-store-collection.md}).
 */
package io.sightline.storage;
