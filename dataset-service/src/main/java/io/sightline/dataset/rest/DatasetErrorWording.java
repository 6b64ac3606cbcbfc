package io.sightline.dataset.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sightline.kit.rest.ErrorWording;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

/** The dataset service's sentences in the errors the kit's shared mappers answer: its published wording. */
@ApplicationScoped
class DatasetErrorWording implements ErrorWording {

    @Override
    public String unreadableJson(JsonProcessingException e) {
        return "malformed JSON body: " + e.getOriginalMessage();
    }

    /** Names only the field: Jackson's own message quotes Java types, which mean nothing to a client. */
    @Override
    public String unboundJson(MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return "malformed JSON body: " + field + " has the wrong type or shape";
    }

    /** JAX-RS' own refusals often carry no message: the status's reason phrase says it then. */
    @Override
    public String refused(WebApplicationException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getResponse().getStatusInfo().getReasonPhrase() : message;
    }
}
