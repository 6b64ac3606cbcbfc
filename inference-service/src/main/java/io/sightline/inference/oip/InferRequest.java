package io.sightline.inference.oip;

import java.util.List;

/**
 * An inference request, transport-neutral.
 *
 * @param id            echoed in the response; may be {@code null}
 * @param inputs        the input tensors (this service's models take exactly one)
 * @param outputs       the outputs asked for; empty: every output, as plain tensors
 * @param binaryOutputs whether outputs not saying otherwise are answered as binary data
 */
public record InferRequest(String id, List<InputTensor> inputs, List<RequestedOutput> outputs,
                           boolean binaryOutputs) {

    public InferRequest {
        inputs = inputs == null ? List.of() : inputs;
        outputs = outputs == null ? List.of() : outputs;
    }
}
