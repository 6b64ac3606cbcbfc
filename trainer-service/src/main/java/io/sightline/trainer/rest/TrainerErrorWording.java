package io.sightline.trainer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.sightline.kit.rest.ErrorWording;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;

/**
 * The trainer's sentences in the errors the kit's shared mappers answer: its published wording. Broken
 * syntax and values of the wrong type read alike, naming where in the body Jackson stopped.
 */
@ApplicationScoped
class TrainerErrorWording implements ErrorWording {

    @Override
    public String unreadableJson(JsonProcessingException e) {
        return describe(e);
    }

    @Override
    public String unboundJson(MismatchedInputException e) {
        return describe(e);
    }

    private static String describe(JsonProcessingException e) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " at " + mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "";
        // a value a creator refused (learningRate "fast"): its own sentence, not Jackson's wrapper naming a class
        String what = e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException refused
                ? refused.getMessage() : e.getOriginalMessage();
        return "the body is not the JSON expected" + where + ": " + what;
    }
}
