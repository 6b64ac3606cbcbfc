package io.sightline.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.oip.InferRequest;
import io.sightline.inference.oip.InferResponse;
import io.sightline.inference.oip.InputTensor;
import io.sightline.inference.oip.OutputTensor;
import io.sightline.inference.oip.RequestedOutput;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST wire form of inference, with the binary tensor data extension: a JSON header, then the binary data
 * of the inputs that declare {@code binary_data_size}, in their order; {@value #HEADER_LENGTH} gives the
 * header's size (absent: the body is all JSON; 0: the body is one input's binary data and nothing else). The
 * answer mirrors it: outputs asked for as binary follow the JSON header. Every field is read as hostile.
 */
@Singleton
class OpenInferenceWire {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    private final ObjectMapper json;

    OpenInferenceWire(ObjectMapper json) {
        this.json = json;
    }

    /** A request from its body and its {@value #HEADER_LENGTH} header ({@code null} when absent). */
    InferRequest read(byte[] body, String headerLength) throws InvalidInputException {
        int jsonLength = body.length;
        if (headerLength != null) {
            try {
                jsonLength = Integer.parseInt(headerLength.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(HEADER_LENGTH + " must be a whole number, got '" + headerLength + "'");
            }
            if (jsonLength < 0 || jsonLength > body.length) {
                throw new InvalidInputException(HEADER_LENGTH + " " + jsonLength + " does not fit a body of "
                        + body.length + " bytes");
            }
            if (jsonLength == 0) {
                // the raw binary form answers every output in binary, as Triton does
                return new InferRequest(null, List.of(InputTensor.rawBody(ByteBuffer.wrap(body))), List.of(), true);
            }
        }
        if (jsonLength == 0) {
            throw new InvalidInputException("an inference request needs a JSON body");
        }
        JsonNode header;
        try {
            header = json.readTree(body, 0, jsonLength);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("unreadable JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw new InvalidInputException("an inference request is a JSON object");
        }
        Binary binary = new Binary(body, jsonLength);
        List<InputTensor> inputs = new ArrayList<>();
        for (JsonNode input : array(header, "inputs")) {
            inputs.add(input(input, binary));
        }
        if (binary.at != body.length) {
            throw new InvalidInputException((body.length - binary.at) + " bytes of binary data follow the JSON header,"
                    + " more than the inputs' binary_data_size declare");
        }
        List<RequestedOutput> outputs = new ArrayList<>();
        for (JsonNode output : array(header, "outputs")) {
            outputs.add(output(output));
        }
        JsonNode id = header.get("id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            throw new InvalidInputException("id must be a string");
        }
        Boolean binaryOutputs = flag(parameters(header), "binary_data_output");
        return new InferRequest(id == null || id.isNull() ? null : id.textValue(), inputs, outputs,
                binaryOutputs != null && binaryOutputs);
    }

    /** Where the binary part of the body has been read to. */
    private static final class Binary {
        final byte[] body;
        int at;

        Binary(byte[] body, int at) {
            this.body = body;
            this.at = at;
        }

        ByteBuffer take(long size, String input) throws InvalidInputException {
            if (size < 0 || size > body.length - at) {
                throw new InvalidInputException("input '" + input + "' declares binary_data_size " + size + ", but "
                        + (body.length - at) + " bytes of binary data are left");
            }
            ByteBuffer slice = ByteBuffer.wrap(body, at, (int) size);
            at += (int) size;
            return slice;
        }
    }

    private static InputTensor input(JsonNode input, Binary binary) throws InvalidInputException {
        if (!input.isObject()) {
            throw new InvalidInputException("each input is a JSON object");
        }
        String name = text(input, "name");
        JsonNode size = parameters(input).get("binary_data_size");
        JsonNode data = input.get("data");
        ByteBuffer raw = null;
        if (size != null) {
            if (!size.canConvertToLong() || !size.isIntegralNumber()) {
                throw new InvalidInputException("binary_data_size of input '" + name + "' must be a whole number");
            }
            if (data != null && !data.isNull()) {
                throw new InvalidInputException("input '" + name + "' has both data and binary_data_size");
            }
            raw = binary.take(size.longValue(), name);
        }
        return new InputTensor(name, text(input, "datatype"), shape(input.get("shape")), raw == null ? data : null, raw);
    }

    private static RequestedOutput output(JsonNode output) throws InvalidInputException {
        if (!output.isObject()) {
            throw new InvalidInputException("each requested output is a JSON object");
        }
        JsonNode parameters = parameters(output);
        JsonNode count = parameters.has("classification") ? parameters.get("classification")
                : parameters.get("class_count");
        int classes = 0;
        if (count != null && !count.isNull()) {
            if (!count.isIntegralNumber() || !count.canConvertToInt()) {
                throw new InvalidInputException("classification must be a whole number of classes");
            }
            classes = count.intValue();
        }
        return new RequestedOutput(text(output, "name"), classes, flag(parameters, "binary_data"));
    }

    private static long[] shape(JsonNode shape) throws InvalidInputException {
        if (shape == null || shape.isNull()) {
            return null;
        }
        if (!shape.isArray()) {
            throw new InvalidInputException("shape must be an array of whole numbers");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode dim = shape.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong()) {
                throw new InvalidInputException("shape must be an array of whole numbers, got " + shape);
            }
            dims[i] = dim.longValue();
        }
        return dims;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) throws InvalidInputException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidInputException(field + " must be an array");
        }
        return value;
    }

    private static JsonNode parameters(JsonNode node) throws InvalidInputException {
        JsonNode value = node.get("parameters");
        if (value == null || value.isNull()) {
            return NO_PARAMETERS;
        }
        if (!value.isObject()) {
            throw new InvalidInputException("parameters must be a JSON object");
        }
        return value;
    }

    private static final JsonNode NO_PARAMETERS = new ObjectMapper().createObjectNode();

    private static String text(JsonNode node, String field) throws InvalidInputException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(field + " must be a string");
        }
        return value.textValue();
    }

    private static Boolean flag(JsonNode parameters, String name) throws InvalidInputException {
        JsonNode value = parameters.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException(name + " must be true or false");
        }
        return value.booleanValue();
    }

    /** The answer: JSON alone, or a JSON header and the binary outputs after it. */
    Response write(InferResponse response) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("model_name", response.modelName());
        root.put("model_version", response.modelVersion());
        if (response.id() != null) {
            root.put("id", response.id());
        }
        ArrayNode outputs = root.putArray("outputs");
        List<byte[]> tail = new ArrayList<>();
        for (OutputTensor output : response.outputs()) {
            ObjectNode node = outputs.addObject();
            node.put("name", output.name());
            node.put("datatype", output.datatype().name());
            ArrayNode shape = node.putArray("shape");
            for (long dim : output.shape()) {
                shape.add(dim);
            }
            if (output.binary()) {
                byte[] raw = output.rawBytes();
                node.putObject("parameters").put("binary_data_size", raw.length);
                tail.add(raw);
            } else {
                ArrayNode data = node.putArray("data");
                if (output.floats() != null) {
                    for (float value : output.floats()) {
                        data.add(value);
                    }
                } else {
                    output.strings().forEach(data::add);
                }
            }
        }
        byte[] header = json.writeValueAsBytes(root);
        if (tail.isEmpty()) {
            return Response.ok(header, MediaType.APPLICATION_JSON_TYPE).build();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + tail.stream().mapToInt(b -> b.length).sum());
        body.write(header);
        for (byte[] raw : tail) {
            body.write(raw);
        }
        return Response.ok(body.toByteArray(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HEADER_LENGTH, header.length).build();
    }
}
