package io.sightline.trainer.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.gc.TrainerCollection;
import io.sightline.trainer.jobs.ModelDeletion;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.jobs.backbone.BackboneCache;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.cancel.CancelRequests;
import io.sightline.trainer.jobs.cancel.JobCancellation;
import io.sightline.trainer.registry.ModelRetention;
import io.sightline.trainer.registry.PublishedModels;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds what ends things: cancels, deletes, retention and the collection (decision 092). */
public class LifecycleBeans {

    @Produces
    @Singleton
    CancelRequests cancelRequests(ArtifactStore store, Clock clock) {
        return new CancelRequests(store, clock);
    }

    @Produces
    @Singleton
    JobCancellation cancellation(JobBoard board, CancelRequests requests, TrainingEvents events, TrainerConfig config) {
        return new JobCancellation(board, requests, events, config.sendTimeout());
    }

    @Produces
    @Singleton
    ModelDeletion modelDeletion(ArtifactStore store, PublishedModels registry, TrainingEvents events, Clock clock,
                                TrainerConfig config) {
        return new ModelDeletion(store, registry, events, clock);
    }

    @Produces
    @Singleton
    ModelRetention modelRetention(ArtifactStore store, PublishedModels registry, TrainerConfig config) {
        return new ModelRetention(store, registry, config.retention().keepCandidates(),
                config.retention().maxAge().orElse(null));
    }

    @Produces
    @Singleton
    TrainerCollection collection(ArtifactStore store, PublishedModels registry, JobBoard board, Clock clock,
                                 ModelRetention retention, ModelDeletion deletion, MeterRegistry meters,
                                 TrainerConfig config) {
        return new TrainerCollection(new TrainerCollection.Sources(store, registry, board, clock), retention, deletion,
                BackboneCache.ofDownloads(config.backbones().cacheMaxBytes().asLongValue()),
                config.gc().finishedJobGrace(), meters);
    }
}
