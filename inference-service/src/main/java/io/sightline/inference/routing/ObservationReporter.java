package io.sightline.inference.routing;

import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficObserved;
import io.sightline.events.TrafficObserved.VersionObserved;
import io.sightline.events.TrafficTarget;
import io.sightline.inference.routing.VersionMetrics.VersionCount;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reports this replica's counts of each canary and shadow to the trainer (decision 107): for every model with a
 * canary or shadow carrying a start id, one report per start with the champion's and the candidate's counts since
 * that start was applied here. Reports are cumulative, so one lost or sent twice changes nothing.
 */
public final class ObservationReporter {

    private static final Logger LOG = Logger.getLogger(ObservationReporter.class);

    private final TrafficRouter router;
    private final ObservationSink sink;
    private final String replica;
    private final Clock clock;

    /** @param replica this replica's id, unique per process start */
    public ObservationReporter(TrafficRouter router, ObservationSink sink, String replica, Clock clock) {
        this.router = router;
        this.sink = sink;
        this.replica = replica;
        this.clock = clock;
    }

    /** Sends one report per canary or shadow start; returns how many were taken by the sink. */
    public int report() {
        int sent = 0;
        for (ModelTrafficChanged split : router.splits()) {
            Optional<String> champion = router.champion(split.model());
            if (champion.isEmpty()) {
                continue; // not serving the model here: nothing to compare
            }
            for (TrafficTarget target : new TrafficTarget[] {split.canary(), split.shadow()}) {
                if (target != null && target.startId() != null) {
                    String role = target == split.canary() ? Role.CANARY.label() : Role.SHADOW.label();
                    TrafficObserved report = report(split.model(), target, role, champion.get());
                    if (sink.send(report)) {
                        sent++;
                    } else {
                        LOG.debugf("traffic report of model %s not sent; the next one carries its counts",
                                split.model());
                    }
                }
            }
        }
        return sent;
    }

    private TrafficObserved report(String model, TrafficTarget target, String role, String champion) {
        List<VersionCount> since = router.metrics().since(model, target.startId());
        List<VersionObserved> versions = new ArrayList<>(2);
        versions.add(observed(since, Role.CHAMPION.label(), champion));
        versions.add(observed(since, role, target.version()));
        return new TrafficObserved(replica, model, target.startId(), clock.instant(), versions);
    }

    private static VersionObserved observed(List<VersionCount> counts, String role, String version) {
        return counts.stream().filter(count -> count.role().equals(role) && count.version().equals(version))
                .findFirst()
                .map(count -> new VersionObserved(version, role, count.answered(), count.failed(), count.rows(),
                        count.confidenceSum(), count.agreed()))
                .orElse(new VersionObserved(version, role, 0, 0, 0, 0, 0));
    }
}
