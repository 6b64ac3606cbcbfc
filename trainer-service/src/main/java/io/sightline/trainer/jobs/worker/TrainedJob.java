package io.sightline.trainer.jobs.worker;

import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.DatasetManifest;
import io.sightline.trainer.training.TrainedModel;
import io.sightline.trainer.training.TrainingImages;
import java.time.Instant;

/**
 * A job whose training ended, with what its version's files describe.
 *
 * @param request    the request as it arrived
 * @param parameters the parameters with image and batch size resolved, as the report and metrics show them
 * @param manifest   the dataset version it trained on
 * @param images     the images it trained and was tested on
 * @param trained    the trained network and its results
 * @param baseModel  the transfer base it started from ({@code name:version} or the TorchScript reference), or null
 * @param baseModelSha256 the SHA-256 of the TorchScript module it started from, or null
 * @param started    when the job started
 */
record TrainedJob(TrainingRequested request, TrainingParameters parameters, DatasetManifest manifest,
                  TrainingImages images, TrainedModel trained, String baseModel, String baseModelSha256,
                  Start started) {

    /**
     * @param at    wall-clock time, for people
     * @param nanos {@code System.nanoTime()}, for durations
     */
    record Start(Instant at, long nanos) {
    }
}
