package io.sightline.trainer.jobs;

import io.sightline.events.ModelPromoted;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.registry.PromotionDecision;
import io.sightline.trainer.registry.PromotionPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes a model version the served one: records it in {@code champion.json}, then announces it with a
 * {@link ModelPromoted} event (consumers of the compacted models topic see the latest per model).
 */
public final class Promoter {

    private final PublishedModels registry;
    private final PromotionPolicy policy;
    private final TrainingEvents events;
    private final Clock clock;
    private final Duration sendTimeout;

    public Promoter(PublishedModels registry, PromotionPolicy policy, TrainingEvents events, Clock clock,
                    Duration sendTimeout) {
        this.registry = registry;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
    }

    /**
     * Applies the promotion policy to a freshly published version. Safe to repeat: a version that already
     * is champion is announced again with the same event id; a version older than the champion never
     * replaces it automatically (rolling back is {@link #promote}'s job).
     */
    public PromotionDecision afterTraining(ModelMetrics candidate) throws IOException {
        Optional<Champion> champion = registry.champion(candidate.model());
        if (champion.isPresent() && champion.get().version().equals(candidate.version())) {
            announce(candidate, champion.get());
            return PromotionDecision.promote(champion.get().reason());
        }
        if (champion.isPresent() && Long.parseLong(champion.get().version()) > Long.parseLong(candidate.version())) {
            return PromotionDecision.keep("version " + champion.get().version() + ", newer, is already champion");
        }
        Optional<ModelMetrics> championMetrics = champion.isPresent()
                ? registry.metrics(candidate.model(), champion.get().version())
                : Optional.empty();
        PromotionDecision decision = policy.decide(candidate, championMetrics);
        if (decision.promote()) {
            String eventId = UUID.nameUUIDFromBytes(("promoted\n" + candidate.model() + "\n" + candidate.version())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            Champion next = new Champion(candidate.model(), candidate.version(), candidate.test().accuracy(),
                    candidate.lineage().jobId(), eventId, decision.reason(), clock.instant());
            crown(candidate, next);
        }
        return decision;
    }

    /**
     * Makes an existing version champion by hand (a rollback, or a roll forward past the gate).
     *
     * @throws UnknownResourceException when the version does not exist
     */
    public ModelPromoted promote(String model, String version) throws IOException {
        ModelMetrics metrics = registry.metrics(model, version)
                .orElseThrow(() -> registry.exists(model, version)
                        ? new UnknownResourceException("model " + model + " version " + version + " has no "
                                + StoreKeys.METRICS + " and cannot be promoted")
                        : UnknownResourceException.modelVersion(model, version));
        Champion next = new Champion(model, version, metrics.test().accuracy(), metrics.lineage().jobId(),
                UUID.randomUUID().toString(), "promoted by request", clock.instant());
        return crown(metrics, next);
    }

    /**
     * Writes {@code champion.json} and announces it; the announcement is recorded in the outbox before the write,
     * guarded by the exact bytes written, so a crash between the two still announces it and a later champion
     * written over it voids it.
     */
    private ModelPromoted crown(ModelMetrics metrics, Champion next) throws IOException {
        ModelPromoted event = promotedEvent(metrics, next);
        Announcement announcement = events.promotedOnCommit(event,
                OutboxGuard.holding(StoreKeys.champion(next.model()), StoreJson.write(next)));
        try {
            registry.writeChampion(next);
        } catch (IOException | RuntimeException e) {
            announcement.discard();
            throw e;
        }
        announcement.send();
        return event;
    }

    private static ModelPromoted promotedEvent(ModelMetrics metrics, Champion champion) {
        return new ModelPromoted(champion.eventId(), metrics.model(), metrics.version(),
                StoreKeys.modelVersion(metrics.model(), metrics.version()), metrics.lineage().jobId(),
                metrics.lineage().dataset(), metrics.lineage().datasetVersion(), metrics.test().accuracy(),
                champion.promotedAt(), metrics.parameters() == null ? null : metrics.parameters().labels());
    }

    private ModelPromoted announce(ModelMetrics metrics, Champion champion) {
        ModelPromoted event = promotedEvent(metrics, champion);
        EventDeliveryException.await(events.promoted(event), sendTimeout,
                "promotion of model " + metrics.model() + " version " + metrics.version());
        return event;
    }
}
