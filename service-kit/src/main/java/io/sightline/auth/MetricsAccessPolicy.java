package io.sightline.auth;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTTP permission policy {@value #NAME} each service puts on {@code /q/metrics}: open unless
 * {@code sightline.auth.protect-metrics}, then only for a token holding the read role (the open read role of a
 * caller without a token does not count: metrics are protected on their own setting).
 */
@ApplicationScoped
public class MetricsAccessPolicy implements HttpSecurityPolicy {

    public static final String NAME = "sightline-metrics";

    private final AuthConfig config;

    public MetricsAccessPolicy(AuthConfig config) {
        this.config = config;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext context) {
        if (!config.protectMetrics()) {
            return CheckResult.permit();
        }
        return identity.onItem().transformToUni(caller -> {
            if (caller == null || caller.isAnonymous() || caller.getCredentials().isEmpty()) {
                return Uni.createFrom().failure(new UnauthorizedException());
            }
            return caller.hasRole(Roles.READ) ? CheckResult.permit() : CheckResult.deny();
        });
    }

    @Override
    public String name() {
        return NAME;
    }
}
