package io.sightline.dataset.rest;

import io.quarkus.security.identity.SecurityIdentity;

/** Who asked, as a delete records it ({@code by}): the authenticated name, or {@code anonymous} on an open service. */
final class CallerName {

    static final String ANONYMOUS = "anonymous";

    private CallerName() {
    }

    static String of(SecurityIdentity caller) {
        if (caller == null || caller.isAnonymous() || caller.getPrincipal() == null
                || caller.getPrincipal().getName() == null || caller.getPrincipal().getName().isBlank()) {
            return ANONYMOUS;
        }
        return caller.getPrincipal().getName();
    }
}
