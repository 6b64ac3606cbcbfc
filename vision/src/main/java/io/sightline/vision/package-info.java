/**
 * The DJL code training and serving share, so they cannot drift apart: the {@link
 * io.sightline.vision.ImageSignature} a model expects, the {@link io.sightline.vision.ImagePreprocessor}
 * that turns image bytes into its input, the {@link io.sightline.vision.Architectures} it is built from,
 * and the {@link io.sightline.vision.ModelArtifact} format it is stored in (a model version folder of the store,
 * with the file names of {@link io.sightline.storage.StoreKeys}).
 */
package io.sightline.vision;
