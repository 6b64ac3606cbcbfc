package io.sightline.dataset.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

/** The sentences of the kit's shared error answers are this service's published contract: pinned here. */
class DatasetErrorWordingTest {

    private final DatasetErrorWording wording = new DatasetErrorWording();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aMissingTokenAsksForTheBearerToken() {
        assertThat(wording.tokenNeeded())
                .isEqualTo("this endpoint needs the bearer token (Authorization: Bearer <token>)");
    }

    @Test
    void brokenJsonQuotesJacksonsOriginalMessage() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> json.readTree("{\"name\": "));
        assertThat(wording.unreadableJson(e)).isEqualTo("malformed JSON body: " + e.getOriginalMessage());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        MismatchedInputException field = catchThrowableOfType(MismatchedInputException.class,
                () -> json.readValue("{\"testRatio\": \"lots\"}", CreateDatasetRequest.class));
        assertThat(wording.unboundJson(field)).isEqualTo("malformed JSON body: testRatio has the wrong type or shape");

        MismatchedInputException body = catchThrowableOfType(MismatchedInputException.class,
                () -> json.readValue("[]", CreateDatasetRequest.class));
        assertThat(wording.unboundJson(body)).isEqualTo("malformed JSON body: body has the wrong type or shape");
    }

    @Test
    void aRefusalWithoutAMessageSaysItsReasonPhrase() {
        assertThat(wording.refused(new WebApplicationException("no such thing", 404))).isEqualTo("no such thing");
        assertThat(wording.refused(new WebApplicationException(" ", 405))).isEqualTo("Method Not Allowed");
    }
}
