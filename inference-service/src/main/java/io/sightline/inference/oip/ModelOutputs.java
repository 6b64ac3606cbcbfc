package io.sightline.inference.oip;

import io.sightline.inference.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The outputs a request asked for, built from a model's probabilities: the plain FP32 {@value #PROBABILITIES}
 * tensor, or with the classification extension its top classes per row as BYTES {@code "value:index:label"}
 * (as Triton answers them), best first.
 */
public final class ModelOutputs {

    public static final String PROBABILITIES = "probabilities";

    private ModelOutputs() {
    }

    /** Refuses an unknown, repeated or malformed requested output before any work is done. */
    static void check(List<RequestedOutput> requested) throws InvalidInputException {
        Set<String> seen = new HashSet<>();
        for (RequestedOutput output : requested) {
            if (output == null || !PROBABILITIES.equals(output.name())) {
                throw new InvalidInputException("unknown output '" + (output == null ? null : output.name())
                        + "': the model has the output '" + PROBABILITIES + "'");
            }
            if (!seen.add(output.name())) {
                throw new InvalidInputException("output '" + output.name() + "' is requested twice");
            }
            if (output.classification() < 0) {
                throw new InvalidInputException("classification must be a class count of at least 0, got "
                        + output.classification());
            }
        }
    }

    /** The requested outputs (all, when none is named) for rows of probabilities over {@code labels}. */
    static List<OutputTensor> build(float[][] probabilities, List<String> labels, List<RequestedOutput> requested,
                                    boolean binaryDefault) {
        List<RequestedOutput> wanted = requested.isEmpty()
                ? List.of(new RequestedOutput(PROBABILITIES, 0, null)) : requested;
        List<OutputTensor> outputs = new ArrayList<>(wanted.size());
        for (RequestedOutput output : wanted) {
            boolean binary = output.binary() == null ? binaryDefault : output.binary();
            outputs.add(output.classification() > 0
                    ? classification(probabilities, labels, output.classification(), binary)
                    : plain(probabilities, labels.size(), binary));
        }
        return outputs;
    }

    private static OutputTensor plain(float[][] rows, int classes, boolean binary) {
        float[] flat = new float[rows.length * classes];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * classes, classes);
        }
        return new OutputTensor(PROBABILITIES, Datatype.FP32, new long[] {rows.length, classes}, flat, null, binary);
    }

    private static OutputTensor classification(float[][] rows, List<String> labels, int count, boolean binary) {
        int k = Math.min(count, labels.size());
        List<String> answers = new ArrayList<>(rows.length * k);
        for (float[] row : rows) {
            for (int index : topIndices(row, k)) {
                answers.add(String.format(Locale.ROOT, "%f:%d:%s", row[index], index, labels.get(index)));
            }
        }
        return new OutputTensor(PROBABILITIES, Datatype.BYTES, new long[] {rows.length, k}, null, answers, binary);
    }

    /** The indices of the {@code k} largest values, largest first (ties: lower index first). */
    static int[] topIndices(float[] row, int k) {
        Integer[] order = new Integer[row.length];
        for (int i = 0; i < row.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }
}
