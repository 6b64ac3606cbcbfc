package io.sightline.trainer.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sightline.trainer.jobs.queue.JobRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

/** The sentences of the kit's shared error answers are this service's published contract: pinned here. */
class TrainerErrorWordingTest {

    private final TrainerErrorWording wording = new TrainerErrorWording();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aMissingTokenAsksForTheBearerToken() {
        assertThat(wording.tokenNeeded())
                .isEqualTo("this endpoint needs the bearer token (Authorization: Bearer <token>)");
    }

    @Test
    void brokenJsonQuotesJacksonsOriginalMessage() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> json.readTree("{\"model\":\"m\","));
        assertThat(wording.unreadableJson(e)).isEqualTo("the body is not the JSON expected: " + e.getOriginalMessage());
    }

    @Test
    void aValueOfTheWrongTypeNamesWhereItIs() {
        MismatchedInputException field = catchThrowableOfType(MismatchedInputException.class,
                () -> json.readValue("{\"model\":\"m\",\"epochs\":\"many\"}", JobRequest.class));
        assertThat(wording.unboundJson(field))
                .isEqualTo("the body is not the JSON expected at epochs: " + field.getOriginalMessage());
        assertThat(wording.unreadableJson(field)).isEqualTo(wording.unboundJson(field));

        MismatchedInputException element = catchThrowableOfType(MismatchedInputException.class,
                () -> json.readValue("{\"augmentation\":[{}]}", JobRequest.class));
        assertThat(wording.unboundJson(element))
                .isEqualTo("the body is not the JSON expected at augmentation.[0]: " + element.getOriginalMessage());

        MismatchedInputException body = catchThrowableOfType(MismatchedInputException.class,
                () -> json.readValue("[]", JobRequest.class));
        assertThat(wording.unboundJson(body))
                .isEqualTo("the body is not the JSON expected: " + body.getOriginalMessage());
    }

    @Test
    void jaxRsRefusalsKeepTheirOwnMessage() {
        assertThat(wording.refused(new NotFoundException("no such path"))).isEqualTo("no such path");
        NotAllowedException notAllowed = new NotAllowedException("GET");
        assertThat(wording.refused(notAllowed)).isEqualTo(notAllowed.getMessage());
    }
}
