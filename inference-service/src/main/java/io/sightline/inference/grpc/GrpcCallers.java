package io.sightline.inference.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.BearerTokenRequest;
import io.sightline.auth.CallerRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;

/**
 * Who calls over gRPC, with the identities and roles of the HTTP side: the {@code authorization: Bearer <token>}
 * metadata is checked by the same identity providers (the kit's tokens, an issuer's JWTs), a call without one has
 * the roles the configuration leaves open. The interceptor only carries the header into the call's context; the
 * check runs in the RPC, on a worker thread, because a JWT may need its issuer's keys fetched.
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcCallers implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> PRESENTED = Context.key("sightline-authorization");
    private static final String SCHEME = "bearer ";

    private final CallerRules rules;
    private final IdentityProviderManager identities;

    public GrpcCallers(CallerRules rules, IdentityProviderManager identities) {
        this.rules = rules;
        this.identities = identities;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        return Contexts.interceptCall(Context.current().withValue(PRESENTED, headers.get(AUTHORIZATION)),
                call, headers, next);
    }

    /**
     * @throws io.grpc.StatusRuntimeException UNAUTHENTICATED for a token nothing accepts, or none where the role
     *                                        needs one; PERMISSION_DENIED for a caller without the role
     */
    void require(String role) {
        require(role, PRESENTED.get());
    }

    /** As above for the {@code authorization} value a call presented ({@code null}: none). */
    void require(String role, String authorization) {
        Set<String> roles = rolesOfCaller(authorization);
        if (roles == null) {
            throw Status.UNAUTHENTICATED.withDescription("invalid bearer token").asRuntimeException();
        }
        if (roles.contains(role)) {
            return;
        }
        if (bearer(authorization) == null || !rules.identityConfigured()) {
            throw Status.UNAUTHENTICATED.withDescription("this call needs the role '" + role
                    + "': send metadata 'authorization: Bearer <token>'").asRuntimeException();
        }
        throw Status.PERMISSION_DENIED.withDescription("the token lacks the role '" + role + "'").asRuntimeException();
    }

    /** The caller's roles; {@code null} for a token that nothing accepts. */
    private Set<String> rolesOfCaller(String authorization) {
        String token = rules.identityConfigured() ? bearer(authorization) : null;
        if (token == null) {
            Set<String> roles = new HashSet<>(rules.rolesWithoutToken());
            roles.addAll(rules.rolesOfEveryone());
            return roles;
        }
        try {
            SecurityIdentity identity = identities.authenticateBlocking(
                    new BearerTokenRequest(new TokenCredential(token, "bearer")));
            return identity == null || identity.isAnonymous() ? null : identity.getRoles();
        } catch (AuthenticationFailedException e) {
            return null;
        }
    }

    /** The token of a {@code Bearer} value (any case), {@code null} for none or another scheme. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
