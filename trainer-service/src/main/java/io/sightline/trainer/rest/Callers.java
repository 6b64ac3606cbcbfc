package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;

/** Who a request came from, as events and records name them. */
final class Callers {

    private Callers() {
    }

    static String name(SecurityIdentity caller) {
        return caller == null || caller.isAnonymous() || caller.getPrincipal() == null ? "anonymous"
                : caller.getPrincipal().getName();
    }
}
