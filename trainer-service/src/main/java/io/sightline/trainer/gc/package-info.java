/**
 * The trainer's collection: model retention (through the same delete as the REST call), the checkpoints and lease
 * files of finished jobs, and the worker's backbone downloads kept within their budget; run on request and on a
 * schedule.
 */
package io.sightline.trainer.gc;
