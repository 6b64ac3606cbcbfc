/**
 * Sightline's artefact store. Blobs are addressed by their SHA-256 and written once; everything else
 * (dataset versions, model versions, checkpoints) is a folder published atomically: readers see all of
 * it or nothing. {@link io.sightline.storage.ArtifactStore#connect(java.net.URI)} picks the backend from
 * the URI scheme.
 */
package io.sightline.storage;
