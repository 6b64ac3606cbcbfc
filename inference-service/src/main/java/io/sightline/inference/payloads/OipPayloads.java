package io.sightline.inference.payloads;

import io.sightline.events.PayloadLogged;
import io.sightline.inference.oip.InferRequest;
import io.sightline.inference.oip.InputTensor;
import io.sightline.inference.oip.ModelInput;
import io.sightline.inference.serving.TensorResult;
import io.sightline.vision.ImageSignature;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one answered Open Inference request: one per image or per tensor row, each with its row's answer;
 * the i-th of several is {@code <id>-<i>} (a labels file names one image per id). A tensor row is logged as the bytes
 * the request sent for it (little-endian, its datatype) when it came in binary, or as FP32 when it came as JSON
 * numbers: JSON text has no canonical bytes to digest. Copying a row is the request's only cost; hashing and
 * encoding stay on the sender thread.
 */
final class OipPayloads {

    /** Classes logged per answer, best first (as {@code /predict}'s default). */
    static final int TOP_CLASSES = 3;

    private OipPayloads() {
    }

    static List<PendingPayload> of(String id, String endpoint, Instant started, double latencyMs, InferRequest request,
                                   ModelInput input, ImageSignature signature, TensorResult result) {
        float[][] probabilities = result.probabilities();
        int count = probabilities.length;
        List<PendingPayload> records = new ArrayList<>(count);
        InputTensor tensor = request.inputs().get(0);
        boolean images = input.images() != null;
        List<Long> shape = List.of(1L, (long) signature.channels(), (long) signature.height(),
                (long) signature.width());
        boolean binary = !images && tensor.raw() != null && tensor.raw().remaining() % count == 0;
        String datatype = images ? null : binary && tensor.datatype() != null ? tensor.datatype() : "FP32";
        for (int i = 0; i < count; i++) {
            byte[] bytes = images ? input.images().get(i)
                    : binary ? slice(tensor.raw(), i, count) : fp32(input.rows().get(i));
            records.add(new PendingPayload(count == 1 ? id : id + "-" + i, result.model(), result.version(), endpoint,
                    started, latencyMs, top(result.classes(), probabilities[i]), bytes, datatype,
                    images ? null : shape));
        }
        return records;
    }

    private static byte[] slice(ByteBuffer raw, int row, int rows) {
        int size = raw.remaining() / rows;
        byte[] bytes = new byte[size];
        raw.duplicate().position(raw.position() + row * size).get(bytes);
        return bytes;
    }

    private static byte[] fp32(float[] row) {
        ByteBuffer bytes = ByteBuffer.allocate(row.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(row);
        return bytes.array();
    }

    static List<PayloadLogged.ClassScore> top(List<String> classes, float[] probabilities) {
        int k = Math.min(TOP_CLASSES, probabilities.length);
        List<PayloadLogged.ClassScore> top = new ArrayList<>(k);
        boolean[] taken = new boolean[probabilities.length];
        for (int n = 0; n < k; n++) {
            int best = -1;
            for (int c = 0; c < probabilities.length; c++) {
                if (!taken[c] && (best < 0 || probabilities[c] > probabilities[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            top.add(new PayloadLogged.ClassScore(best < classes.size() ? classes.get(best) : Integer.toString(best),
                    probabilities[best]));
        }
        return top;
    }
}
