/**
 * The dataset versions the dataset service published into the artefact store, as the trainer reads them: {@link
 * io.sightline.trainer.datasets.PublishedDatasets} lists ready versions and reads their manifests.
 */
package io.sightline.trainer.datasets;
