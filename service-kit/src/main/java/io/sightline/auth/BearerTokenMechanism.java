package io.sightline.auth;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>} and has {@link BearerIdentityProvider} check it. A request without
 * a token is a caller with the roles the configuration leaves open ({@link CallerRules}): write and predict when no
 * identity is configured, predict alone when one is but prediction is left open, and read unless reads are
 * protected; with none of these it is nobody, so that {@code @RolesAllowed} answers 401 with a
 * {@code WWW-Authenticate: Bearer} challenge.
 *
 * <p>It runs before the JWT extension's own mechanism (a higher priority) and decides every request that carries
 * a bearer token, so that one order of checks holds on every service.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    static final String SCHEME = "Bearer";
    static final String ANONYMOUS = "anonymous";

    private final CallerRules rules;

    @Inject
    public BearerTokenMechanism(CallerRules rules) {
        this.rules = rules;
    }

    /** A mechanism for a configuration without an identity provider, for tests. */
    BearerTokenMechanism(AuthConfig config) {
        this(CallerRules.of(config));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = tokenToCheck(context.request().getHeader("Authorization"));
        if (token == null) {
            return Uni.createFrom().item(withRolesOfEveryone(callerWithoutToken()));
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new BearerTokenRequest(new TokenCredential(token, SCHEME.toLowerCase())), context));
    }

    /** The token a request presents, if there is a configured identity to check it against. */
    String tokenToCheck(String authorization) {
        return rules.identityConfigured() ? bearer(authorization) : null;
    }

    /** Who a request without a (checkable) token is, reads aside: a caller with the open roles, or nobody ({@code null}). */
    SecurityIdentity callerWithoutToken() {
        return anonymousWith(rules.rolesWithoutToken());
    }

    /** {@code caller} with the roles anyone has, or them alone for nobody; {@code null} when that is no role at all. */
    SecurityIdentity withRolesOfEveryone(SecurityIdentity caller) {
        Set<String> roles = new HashSet<>(caller == null ? Set.of() : caller.getRoles());
        roles.addAll(rules.rolesOfEveryone());
        return anonymousWith(roles);
    }

    /**
     * A caller who presented no credential; {@code null} for no role at all. Its principal is not null (unlike
     * Quarkus' anonymous identity), so a missing role is a {@code ForbiddenException} the kit's mapper words.
     */
    private static SecurityIdentity anonymousWith(Set<String> roles) {
        if (roles.isEmpty()) {
            return null;
        }
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(ANONYMOUS)).addRoles(roles).build();
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
        return Set.of(BearerTokenRequest.class);
    }

    /** Before the JWT extension's mechanism (1000), which would otherwise fail every static token. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }
}
