/**
 * The dataset domain: import a class-per-folder image tree, split it per class by a seeded hash of each
 * image's group, copy it into the artefact store, verify the copy against the originals and publish the
 * version atomically. No JAX-RS and no messaging API in here: {@code rest} and {@code messaging} adapt it.
 *
 * <p>The pipeline is {@link io.sightline.dataset.DatasetImporter}; its stages are public methods working
 * on a {@link io.sightline.dataset.Staging} so a test can tamper with the copy before the check.
 */
package io.sightline.dataset;
