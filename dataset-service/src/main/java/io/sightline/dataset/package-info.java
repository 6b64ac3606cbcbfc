/**
 * The dataset service's use cases: {@link io.sightline.dataset.DatasetService} accepts an import, runs it on
 * a worker ({@link io.sightline.dataset.ImportRunner}), answers what versions exist and materialises their
 * folder trees; deletes versions ({@link io.sightline.dataset.DatasetDeleter}: tombstones where a model's lineage
 * names them), applies retention and runs the garbage collection ({@link io.sightline.dataset.DatasetGc}). Its ports
 * and errors live here too: the settings, the request, the events port, and the exceptions the REST layer maps to
 * 404, 409 (an import runs), 410 (a tombstone's tree) and 413 (the 400 of a hopeless request is
 * {@code source}'s, the 409 of a tampered tree {@code catalog}'s, next to the code that throws them). No JAX-RS
 * and no messaging API in here or below: {@code rest} and {@code messaging} adapt it.
 *
 * <p>The domain below it, by concept: {@code source} (what a source holds and how it is fetched),
 * {@code split} (which side each image goes to), {@code importing} (the pipeline: ingest, copy, verify,
 * publish) and {@code catalog} (the versions, their states and their folder trees).
 */
package io.sightline.dataset;
