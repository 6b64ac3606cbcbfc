/**
 * Cancelling training jobs: the request in the store ({@code jobs/cancel/<job>.json}), seen by every replica; the
 * watch a running job's batch loop asks; the cancel a REST call makes.
 */
package io.sightline.trainer.jobs.cancel;
