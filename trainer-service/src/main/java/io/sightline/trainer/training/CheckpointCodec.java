package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a network's parameters, its best weights so far and the optimiser's state into the bytes of a {@link
 * Checkpoint}, and back into a network being trained. Arrays are stored as a count, then each array's length and
 * {@code NDArray.encode} bytes, in parameter order.
 */
final class CheckpointCodec {

    private static final byte[] NOTHING = new byte[0];

    private final List<Parameter> parameters;
    private final NDManager manager;

    /**
     * @param parameters the network's parameters, in the order its block lists them
     * @param manager    owns the arrays read back
     */
    CheckpointCodec(List<Parameter> parameters, NDManager manager) {
        this.parameters = parameters;
        this.manager = manager;
    }

    /**
     * A checkpoint of the run as it stands.
     *
     * @param withWeights false when nothing keeps checkpoints: the state alone, no arrays encoded
     * @param best        the best epoch's weights; not stored when empty or when they are the current ones
     */
    Checkpoint encode(Checkpoint.State state, boolean withWeights, BestWeights best, boolean bestIsCurrent,
                      ResumableAdam optimizer) throws IOException {
        if (!withWeights) {
            return new Checkpoint(state, NOTHING, NOTHING, NOTHING);
        }
        return new Checkpoint(state, encode(parameters.stream().map(Parameter::getArray).toList()),
                best.isEmpty() || bestIsCurrent ? NOTHING : encode(best.values()), encodeOptimizer(optimizer));
    }

    /**
     * Puts a checkpoint's weights into the network, its best weights into {@code best} (a copy of the current
     * ones when the best epoch is the checkpoint's own) and its moments into the optimiser.
     */
    void restore(Checkpoint checkpoint, BestWeights best, int bestEpoch, ResumableAdam optimizer) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> current = decode(checkpoint.parameters(), scope);
            for (int i = 0; i < parameters.size(); i++) {
                BestWeights.assign(parameters.get(i).getArray(), current.get(i));
            }
        }
        if (checkpoint.bestParameters().length > 0) {
            best.adopt(decode(checkpoint.bestParameters(), manager));
        } else if (bestEpoch > 0) {
            best.snapshot(parameters, manager);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint.optimizer()))) {
            optimizer.load(in, parameters, manager);
        }
    }

    private byte[] encodeOptimizer(ResumableAdam optimizer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            optimizer.save(out, parameters);
        }
        return bytes.toByteArray();
    }

    private List<NDArray> decode(byte[] bytes, NDManager owner) throws IOException {
        List<NDArray> arrays = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            if (count != parameters.size()) {
                throw new IOException("checkpoint holds " + count + " parameters, the network has "
                        + parameters.size());
            }
            for (int i = 0; i < count; i++) {
                byte[] array = new byte[in.readInt()];
                in.readFully(array);
                arrays.add(NDArray.decode(owner, array));
            }
        }
        return arrays;
    }

    private static byte[] encode(List<NDArray> arrays) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(arrays.size());
            for (NDArray array : arrays) {
                byte[] encoded = array.encode();
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        }
        return bytes.toByteArray();
    }
}
