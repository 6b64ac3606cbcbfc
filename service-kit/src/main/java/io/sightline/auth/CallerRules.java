package io.sightline.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the configuration makes of a caller: which identities exist (the single token, hashed named tokens,
 * an identity provider's JWTs), and which roles anyone has without presenting one.
 */
@Singleton
public class CallerRules {

    private final AuthConfig config;
    private final HashedTokens tokens;
    private final boolean jwtEnabled;

    @Inject
    CallerRules(AuthConfig config, JwtSettings jwt) {
        this(config, jwt.enabled());
    }

    CallerRules(AuthConfig config, boolean jwtEnabled) {
        this.config = config;
        this.tokens = HashedTokens.of(config.tokens(), config.tokenList());
        this.jwtEnabled = jwtEnabled;
    }

    /** Rules of a configuration without an identity provider, for tests and tools. */
    public static CallerRules of(AuthConfig config) {
        return new CallerRules(config, false);
    }

    /** Whether any identity is configured; with none, writes and prediction are open and admin is disabled. */
    public boolean identityConfigured() {
        return config.token().isPresent() || !tokens.isEmpty() || jwtEnabled;
    }

    boolean jwtEnabled() {
        return jwtEnabled;
    }

    AuthConfig config() {
        return config;
    }

    HashedTokens tokens() {
        return tokens;
    }

    /** The roles of a caller who presents no token (or none can be checked), read aside. */
    public Set<String> rolesWithoutToken() {
        if (!identityConfigured()) {
            return Set.of(Roles.PREDICT, Roles.WRITE);
        }
        return config.protectPredict() ? Set.of() : Set.of(Roles.PREDICT);
    }

    /** The roles anyone has, token or not: the reads, unless they are protected. */
    public Set<String> rolesOfEveryone() {
        return config.protectReads() ? Set.of() : Set.of(Roles.READ);
    }

    /** {@code roles} and those anyone has. */
    Set<String> withRolesOfEveryone(Set<String> roles) {
        Set<String> all = new HashSet<>(roles);
        all.addAll(rolesOfEveryone());
        return Set.copyOf(all);
    }

    /** The single token, for a caller who presents one. */
    Optional<String> singleToken() {
        return config.token();
    }
}
