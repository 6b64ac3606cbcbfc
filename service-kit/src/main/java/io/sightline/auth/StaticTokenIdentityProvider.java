package io.sightline.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Accepts exactly the configured token; its holder gets every role. */
@ApplicationScoped
public class StaticTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final AuthConfig config;

    public StaticTokenIdentityProvider(AuthConfig config) {
        this.config = config;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String presented = request.getToken().getToken();
        if (config.token().isEmpty() || !matches(presented, config.token().get())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid bearer token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("token-holder"))
                .addRole(Roles.PREDICT)
                .addRole(Roles.WRITE)
                .addRole(Roles.ADMIN)
                .addCredential(request.getToken())
                .build());
    }

    /** Compares digests in constant time, so the time taken says nothing about how much of a guess was right. */
    static boolean matches(String presented, String expected) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
