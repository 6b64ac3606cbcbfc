package io.sightline.inference.routing;

import java.util.Locale;

/** What a version does for its model; a metric label. */
enum Role {
    CHAMPION, CANARY, SHADOW;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
