package io.sightline.inference.grpc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.sightline.auth.AuthConfig;
import io.sightline.auth.BearerTokenRequest;
import io.sightline.auth.CallerRules;
import io.sightline.auth.Roles;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

/** The roles of a gRPC caller are those of an HTTP caller with the same credentials. */
class GrpcCallersTest {

    /** Accepts "reader" (role read) and "predictor" (role predict); refuses any other token. */
    static final IdentityProviderManager IDENTITIES = new IdentityProviderManager() {
        @Override
        public Uni<SecurityIdentity> authenticate(AuthenticationRequest request) {
            return Uni.createFrom().item(() -> authenticateBlocking(request));
        }

        @Override
        public SecurityIdentity authenticateBlocking(AuthenticationRequest request) {
            String token = ((BearerTokenRequest) request).token().getToken();
            if (!token.equals("reader") && !token.equals("predictor")) {
                throw new AuthenticationFailedException("invalid bearer token");
            }
            return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(token))
                    .addRole(token.equals("reader") ? Roles.READ : Roles.PREDICT).build();
        }
    };

    @Test
    void withAnIdentityConfiguredPredictionNeedsATokenWithTheRole() {
        GrpcCallers callers = new GrpcCallers(CallerRules.of(AuthConfig.of("s3cret", true)), IDENTITIES);
        assertRefused(() -> callers.require(Roles.PREDICT, null), Status.Code.UNAUTHENTICATED, "authorization: Bearer");
        assertRefused(() -> callers.require(Roles.PREDICT, "Basic abc"), Status.Code.UNAUTHENTICATED, "Bearer");
        assertRefused(() -> callers.require(Roles.PREDICT, "Bearer nope"), Status.Code.UNAUTHENTICATED, "invalid");
        assertRefused(() -> callers.require(Roles.PREDICT, "Bearer reader"), Status.Code.PERMISSION_DENIED, "'predict'");
        assertThatCode(() -> callers.require(Roles.PREDICT, "bearer predictor")).doesNotThrowAnyException();
        // reads are open unless protected, token or not
        assertThatCode(() -> callers.require(Roles.READ, null)).doesNotThrowAnyException();
    }

    @Test
    void predictionLeftOpenNeedsNoToken() {
        GrpcCallers callers = new GrpcCallers(CallerRules.of(AuthConfig.of("s3cret", false)), IDENTITIES);
        assertThatCode(() -> callers.require(Roles.PREDICT, null)).doesNotThrowAnyException();
        // a token presented is still checked, as over HTTP
        assertRefused(() -> callers.require(Roles.PREDICT, "Bearer nope"), Status.Code.UNAUTHENTICATED, "invalid");
    }

    private static void assertRefused(Runnable call, Status.Code code, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.getStatus().getCode()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(e.getStatus().getDescription()).contains(reason);
        });
    }
}
