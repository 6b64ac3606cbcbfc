package io.sightline.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>} and has {@link StaticTokenIdentityProvider} check it. A
 * request without a token gets {@link Roles#WRITE} and {@link Roles#PREDICT} when no token is configured,
 * {@link Roles#PREDICT} alone when one is but prediction is left open ({@code protect-predict=false}), and
 * no identity otherwise, so that {@code @RolesAllowed} answers 401 with a {@code WWW-Authenticate: Bearer}
 * challenge.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    static final String SCHEME = "Bearer";

    /** A caller without a token where no token is configured: anything but admin. */
    static final SecurityIdentity OPEN_CALLER = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("anonymous"))
            .addRole(Roles.PREDICT)
            .addRole(Roles.WRITE)
            .build();

    /** A caller without a token where a token is configured but prediction is left open. */
    static final SecurityIdentity PREDICT_ONLY_CALLER = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("anonymous"))
            .addRole(Roles.PREDICT)
            .build();

    private final AuthConfig config;

    public BearerTokenMechanism(AuthConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = tokenToCheck(context.request().getHeader("Authorization"));
        if (token == null) {
            return Uni.createFrom().item(callerWithoutToken());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(new TokenCredential(token, SCHEME.toLowerCase())), context));
    }

    /** The token a request presents, if there is a configured one to check it against. */
    String tokenToCheck(String authorization) {
        return config.token().isEmpty() ? null : bearer(authorization);
    }

    /** Who a request without a (checkable) token is: the open caller, or nobody ({@code null}). */
    SecurityIdentity callerWithoutToken() {
        if (config.token().isEmpty()) {
            return OPEN_CALLER;
        }
        return config.protectPredict() ? null : PREDICT_ONLY_CALLER;
    }

    /** The token of a {@code Bearer} authorization header, {@code null} for none or another scheme. */
    static String bearer(String header) {
        if (header == null || header.length() <= SCHEME.length() + 1
                || !header.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return null;
        }
        String token = header.substring(SCHEME.length() + 1).strip();
        return token.isEmpty() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME + " realm=\"sightline\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
