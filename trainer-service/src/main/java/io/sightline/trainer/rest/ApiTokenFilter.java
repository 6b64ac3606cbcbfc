package io.sightline.trainer.rest;

import io.sightline.trainer.config.AuthConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** When a token is configured, write requests need {@code Authorization: Bearer <token>}. Reads stay open. */
public class ApiTokenFilter {

    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Optional<byte[]> expected;

    @Inject
    ApiTokenFilter(AuthConfig auth) {
        this(auth.token());
    }

    ApiTokenFilter(Optional<String> token) {
        this.expected = token.filter(t -> !t.isBlank()).map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext request) {
        if (permits(request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sightline\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse("this endpoint needs a bearer token (Authorization: Bearer <token>)"))
                .build());
    }

    /** Whether a request with this method and {@code Authorization} header may proceed. */
    boolean permits(String method, String authorization) {
        if (expected.isEmpty() || READS.contains(method)) {
            return true;
        }
        // constant time: a timing difference must not tell how much of a guess was right
        return authorization != null
                && MessageDigest.isEqual(expected.get(), authorization.getBytes(StandardCharsets.UTF_8));
    }
}
