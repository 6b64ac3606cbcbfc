/**
 * The artefact store as every service configures it: the {@code sightline.store} mapping and the CDI
 * producer of the one {@link io.sightline.storage.ArtifactStore} (a file folder or an S3 bucket, chosen by
 * the URI's scheme).
 */
package io.sightline.kit.store;
