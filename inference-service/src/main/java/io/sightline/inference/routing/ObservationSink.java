package io.sightline.inference.routing;

import io.sightline.events.TrafficObserved;

/** Where reports go: the observations topic, or a list in tests. */
public interface ObservationSink {

    /** Sends a report; returns false when it was not taken (too many unacknowledged): the next one makes up. */
    boolean send(TrafficObserved report);
}
