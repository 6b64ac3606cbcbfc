package io.sightline.trainer.traffic;

import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.TrainingEvents;
import io.sightline.trainer.registry.PublishedModels;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds {@link TrafficSplits} and {@link AutoCanaries} from the trainer's store, registry and event sender. */
@Singleton
public class TrafficBeans {

    @Produces
    @Singleton
    TrafficSplits trafficSplits(ArtifactStore store, PublishedModels registry, TrainingEvents events, Clock clock) {
        return new TrafficSplits(store, registry, events, clock);
    }

    @Produces
    @Singleton
    AutoCanaries autoCanaries(TrafficSplits splits, PublishedModels registry, Promoter promoter) {
        return new AutoCanaries(splits, registry, promoter::promote);
    }
}
