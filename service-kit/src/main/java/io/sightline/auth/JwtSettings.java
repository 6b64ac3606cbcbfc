package io.sightline.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether bearer JWTs of an identity provider are accepted: only when its keys' location is configured
 * ({@code mp.jwt.verify.publickey.location}: a JWKS URL, or a PEM or JWKS file such as a mounted Secret), so that a
 * stack without an identity provider starts as before. An inline {@code mp.jwt.verify.publickey} or an issuer alone
 * does not turn them on: the JWT extension sets both itself in dev and test mode. Once on, the issuer and the
 * audiences must be configured too: a token minted by the same provider for another application must not pass.
 */
@Singleton
public class JwtSettings {

    private final Optional<String> keyLocation;
    private final Optional<String> issuer;
    private final Optional<String> audiences;

    @Inject
    JwtSettings(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
                @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
                @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<String> audiences) {
        this.keyLocation = keyLocation.filter(s -> !s.isBlank());
        this.issuer = issuer.filter(s -> !s.isBlank());
        this.audiences = audiences.filter(s -> !s.isBlank());
    }

    public boolean enabled() {
        return keyLocation.isPresent();
    }

    /** What is missing for JWTs to be checked fully; empty when JWTs are off or fully configured. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!enabled()) {
            return missing;
        }
        if (issuer.isEmpty()) {
            missing.add("mp.jwt.verify.issuer");
        }
        if (audiences.isEmpty()) {
            missing.add("mp.jwt.verify.audiences");
        }
        return missing;
    }

    /** Refuses to start half-configured rather than accept tokens of any issuer or audience. */
    void check(@Observes StartupEvent start) {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("bearer JWTs are configured but not fully: set " + String.join(", ", missing));
        }
    }
}
