package io.sightline.inference.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How often this replica reports its canary and shadow counts to the trainer (decision 107). */
@ConfigMapping(prefix = "sightline.inference.traffic")
public interface ObservationConfig {

    /** Time between two reports while a model has a canary or shadow (default 5 s; at least 100 ms). */
    @WithDefault("5s")
    Duration reportInterval();
}
