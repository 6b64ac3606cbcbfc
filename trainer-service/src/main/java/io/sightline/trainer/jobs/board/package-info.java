/**
 * The job table: {@link io.sightline.trainer.jobs.board.JobBoard} keeps every job this instance knows as a {@link
 * io.sightline.trainer.jobs.board.TrainingJob} (fed by the worker and the event streams, rebuilt from the store's
 * metrics after a restart) for the REST API and the console.
 */
package io.sightline.trainer.jobs.board;
