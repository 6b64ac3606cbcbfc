package io.sightline.auth;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A bearer token for {@link BearerIdentityProvider} alone. A type of its own, so that the JWT extension's
 * provider (which answers its own {@code TokenAuthenticationRequest}s) never sees a static token and fails it.
 */
public final class BearerTokenRequest extends BaseAuthenticationRequest {

    private final TokenCredential token;

    public BearerTokenRequest(TokenCredential token) {
        this.token = token;
    }

    public TokenCredential token() {
        return token;
    }
}
