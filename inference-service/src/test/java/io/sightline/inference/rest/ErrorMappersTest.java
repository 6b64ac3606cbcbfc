package io.sightline.inference.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.ForbiddenException;
import io.sightline.auth.AccessRefusalMappers;
import io.sightline.auth.AuthConfig;
import io.sightline.auth.CallerRules;
import io.sightline.auth.Roles;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.config.InferenceConfig;
import io.sightline.kit.rest.ErrorBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

/** The answers the HTTP test cannot provoke cheaply: a full queue, admin without a configured token. */
class ErrorMappersTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ErrorMappers mappers(String token) {
        InferenceConfig config = (InferenceConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InferenceConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "busyRetryAfterSeconds" -> 2;
                    case "retryAfterSeconds" -> 5;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new ErrorMappers(new PredictionRefusalCount(new InferenceMetrics(meters)),
                new RequestLimits(config, new ObjectMapper()));
    }

    /** The kit's refusal mappers as this service wires them: its wording, its prediction-only refusal count. */
    AccessRefusalMappers accessMappers(String token) {
        return new AccessRefusalMappers(new InferenceErrorWording(), new PredictionRefusalCount(
                new InferenceMetrics(meters)), CallerRules.of(AuthConfig.of(token, true)), null);
    }

    /** A request as the mappers see it: only its method and path are read. */
    static ContainerRequestContext request(String method, String path) {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(ErrorMappersTest.class.getClassLoader(),
                new Class<?>[] {UriInfo.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getPath" -> path;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ContainerRequestContext) Proxy.newProxyInstance(ErrorMappersTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getUriInfo" -> uri;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aFullQueueIs429WithRetryAfter() {
        RestResponse<ErrorBody> response = mappers(null).busy(new ServerBusyException("m", "model m is busy"),
                request("POST", "/predict/m"));

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(response.getEntity().error()).contains("busy");
        assertThat(meters.find(InferenceMetrics.REQUEST_ERRORS).tag("cause", "overloaded").counter().count())
                .isEqualTo(1);
    }

    @Test
    void adminWithoutAConfiguredTokenIsDisabledAndWithOneAsksForIt() {
        RestResponse<ErrorBody> disabled = accessMappers(null).refusal(new ForbiddenException(), false, null,
                List.of(Roles.ADMIN), request("POST", "/admin/models/m/load"));
        assertThat(disabled.getStatus()).isEqualTo(403);
        assertThat(disabled.getEntity().error()).contains("disabled");

        RestResponse<ErrorBody> challenged = accessMappers("s3cret").refusal(new ForbiddenException(), false, null,
                List.of(Roles.ADMIN), request("POST", "/admin/models/m/load"));
        assertThat(challenged.getStatus()).isEqualTo(401);
        assertThat(challenged.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
        assertThat(meters.find(InferenceMetrics.REQUEST_ERRORS).counters()).as("admin is not prediction").isEmpty();
    }
}
