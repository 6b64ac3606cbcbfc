package io.sightline.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Who a bearer token belongs to, checked in this order: a JWT of the configured identity provider (signature,
 * issuer, audience and expiry checked by SmallRye JWT; roles from its groups claim), a named hashed token, the
 * single {@code sightline.auth.token}. Each identity also gets the roles anyone has ({@link CallerRules}).
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerTokenRequest> {

    private static final Logger LOG = Logger.getLogger(BearerIdentityProvider.class);

    /** The principal of the single token, which names nobody. */
    static final String SINGLE_TOKEN_HOLDER = "token-holder";

    private final CallerRules rules;
    private final Instance<JWTParser> jwtParser;
    private final JwtRoles jwtRoles;

    public BearerIdentityProvider(CallerRules rules, Instance<JWTParser> jwtParser) {
        this.rules = rules;
        this.jwtParser = jwtParser;
        this.jwtRoles = new JwtRoles(rules.config().jwt().roleMapping());
    }

    @Override
    public Class<BearerTokenRequest> getRequestType() {
        return BearerTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest request, AuthenticationRequestContext context) {
        TokenCredential credential = request.token();
        if (rules.jwtEnabled() && looksLikeJwt(credential.getToken())) {
            // a JWKS may have to be fetched: not on the event loop
            return context.runBlocking(() -> fromJwt(credential));
        }
        return Uni.createFrom().item(() -> fromStaticToken(credential));
    }

    private SecurityIdentity fromJwt(TokenCredential credential) {
        JsonWebToken jwt;
        try {
            jwt = jwtParser.get().parse(credential.getToken());
        } catch (ParseException e) {
            // why stays in the log: the caller learns only that the token was not accepted
            LOG.debugf("bearer JWT refused: %s", e.getMessage());
            throw new AuthenticationFailedException("invalid bearer token");
        }
        Set<String> roles = jwtRoles.of(jwt.getClaim(rules.config().jwt().rolesClaim()));
        String name = jwt.getName() != null ? jwt.getName() : jwt.getSubject();
        return identity(name == null ? "jwt" : name, roles, credential);
    }

    SecurityIdentity fromStaticToken(TokenCredential credential) {
        String presented = credential.getToken();
        Optional<HashedTokens.Entry> named = rules.tokens().match(presented);
        if (named.isPresent()) {
            return identity(named.get().name(), named.get().roles(), credential);
        }
        Optional<String> single = rules.singleToken();
        if (single.isPresent() && matches(presented, single.get())) {
            return identity(SINGLE_TOKEN_HOLDER, Roles.ALL, credential);
        }
        throw new AuthenticationFailedException("invalid bearer token");
    }

    private SecurityIdentity identity(String name, Set<String> roles, TokenCredential credential) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(rules.withRolesOfEveryone(roles))
                .addCredential(credential)
                .build();
    }

    /** Three dot-separated parts: a JWS. Static tokens are checked as such, never parsed. */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /** Compares digests in constant time, so the time taken says nothing about how much of a guess was right. */
    static boolean matches(String presented, String expected) {
        return MessageDigest.isEqual(HashedTokens.sha256(presented), HashedTokens.sha256(expected));
    }
}
