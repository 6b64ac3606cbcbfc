package io.sightline.inference.serving;

import io.sightline.inference.registry.ModelLease;
import io.sightline.inference.registry.ServedModel;
import java.util.List;

/**
 * A {@link ModelLease} that reports its request's outcome: closed without {@link #answered}, the request failed
 * (bad input, a full queue...), which counts against the version that held it.
 */
public final class RoutedLease implements AutoCloseable {

    private final ModelLease lease;
    private final Routing.Outcomes outcomes;
    private boolean answered;

    public RoutedLease(ModelLease lease, Routing.Outcomes outcomes) {
        this.lease = lease;
        this.outcomes = outcomes;
    }

    public ServedModel model() {
        return lease.model();
    }

    /** The version answered; called once, before close. */
    public void answered(List<float[]> inputs, float[][] probabilities, long nanos) {
        answered = true;
        outcomes.answered(lease.model(), inputs, probabilities, nanos);
    }

    @Override
    public void close() {
        try {
            if (!answered) {
                outcomes.failed(lease.model());
            }
        } finally {
            lease.close();
        }
    }
}
