package io.sightline.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

/** What each shared mapper answers, in whose words, and which cause it reports. */
class SharedErrorMappersTest {

    /** A service's wording, marked so that the test sees which sentence was used. */
    static final ErrorWording WORDING = new ErrorWording() {
        @Override
        public String unreadableJson(JsonProcessingException e) {
            return "unreadable: " + e.getOriginalMessage();
        }

        @Override
        public String unboundJson(MismatchedInputException e) {
            return "unbound: " + e.getPath().get(e.getPath().size() - 1).getFieldName();
        }
    };

    final List<String> causes = new ArrayList<>();
    final SharedErrorMappers mappers = new SharedErrorMappers(WORDING, (request, cause) -> causes.add(cause));
    final ContainerRequestContext request = null; // the mappers only hand it on

    record Job(int epochs) {
    }

    @Test
    void aMissingTokenIsAChallengeInTheServicesWords() {
        RestResponse<ErrorBody> answer = mappers.unauthorized(new UnauthorizedException(), request);

        assertThat(answer.getStatus()).isEqualTo(401);
        assertThat(answer.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"sightline\"");
        assertThat(answer.getMediaType().toString()).isEqualTo("application/json");
        assertThat(answer.getEntity()).isEqualTo(
                new ErrorBody("this endpoint needs the bearer token (Authorization: Bearer <token>)"));
        assertThat(causes).containsExactly("unauthorized");
    }

    @Test
    void brokenJsonIs400() {
        JsonProcessingException broken = jacksonFailure("{\"epochs\": ");

        RestResponse<ErrorBody> answer = mappers.unreadableJson(broken, request);

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getEntity().error()).startsWith("unreadable: ");
        assertThat(causes).containsExactly("invalid_input");
    }

    @Test
    void aValueOfTheWrongTypeIs400NamingTheField() {
        MismatchedInputException mismatched = (MismatchedInputException) jacksonFailure("{\"epochs\": \"many\"}");

        RestResponse<ErrorBody> answer = mappers.unboundJson(mismatched, request);

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getEntity().error()).isEqualTo("unbound: epochs");
    }

    @Test
    void aBodyTheJsonReaderGaveUpOnIsDescribedByItsCause() {
        WebApplicationException wrapped = new BadRequestException(new RuntimeException(jacksonFailure("[")));

        RestResponse<ErrorBody> answer = mappers.refused(wrapped, request);

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getEntity().error()).startsWith("unreadable: ");
        assertThat(causes).containsExactly("invalid_input");
    }

    @Test
    void jaxRsRefusalsKeepTheirStatusAndReportACauseByIt() {
        RestResponse<ErrorBody> notFound = mappers.refused(new NotFoundException("no such path"), request);
        RestResponse<ErrorBody> unsupported = mappers.refused(new NotSupportedException(), request);

        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(notFound.getEntity()).isEqualTo(new ErrorBody("no such path"));
        assertThat(unsupported.getStatus()).isEqualTo(415);
        assertThat(causes).containsExactly("not_found", "unsupported_media_type");
    }

    @Test
    void theBodySerialisesAsTheServicesAnswerToday() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(new ErrorBody("no model nope")))
                .isEqualTo("{\"error\":\"no model nope\"}");
    }

    @Test
    void causesOfOtherStatusesNameTheStatus() {
        assertThat(ErrorCauses.ofStatus(405)).isEqualTo("method_not_allowed");
        assertThat(ErrorCauses.ofStatus(409)).isEqualTo("http_409");
    }

    private static JsonProcessingException jacksonFailure(String json) {
        try {
            new ObjectMapper().readValue(json, Job.class);
            throw new AssertionError("read " + json);
        } catch (JsonProcessingException e) {
            return e;
        }
    }
}
