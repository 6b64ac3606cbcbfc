package io.sightline.trainer.training;

import io.sightline.storage.StoreJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Everything needed to continue a run after its last finished epoch: progress, schedule and early-stopping
 * state, weights (current and best so far) and optimiser state. Encoded as one file ending in the SHA-256 of
 * everything before it, so a torn or altered file is recognised rather than half-loaded.
 *
 * @param state          progress and bookkeeping
 * @param parameters     the block's weights after the epoch ({@code Block.saveParameters})
 * @param bestParameters the weights of the best epoch so far (empty when that is this epoch)
 * @param optimizer      the optimiser's moments and step counts
 */
public record Checkpoint(State state, byte[] parameters, byte[] bestParameters, byte[] optimizer) {

    private static final int MAGIC = 0x534c434b; // "SLCK"
    private static final int FORMAT = 1;

    /**
     * @param fingerprint      the run this belongs to (architecture, hyperparameters, dataset digest): a checkpoint of
     *                         another run is never resumed
     * @param phase            1 = training, 2 = fine-tuning
     * @param epochsDone       epochs finished in total (both phases)
     * @param history          every finished epoch
     * @param plateauFactor    the reduce-on-plateau factor in force
     * @param sincePlateauBest epochs since the validation result last improved, for reduce-on-plateau
     * @param sinceBest        epochs since the validation result last improved in this phase, for early stopping
     * @param bestEpoch        1-based epoch with the best validation result so far (accuracy, then loss)
     * @param bestLoss         that loss
     * @param phaseStopped     whether early stopping ended the current phase
     * @param learningRateSweep the range test of a job asked for {@code learningRate: auto}, else null: a resumed job
     *                          trains at the rate it read instead of running the test again
     */
    public record State(String fingerprint, int phase, int epochsDone, List<EpochMetrics> history,
                        double plateauFactor, int sincePlateauBest, int sinceBest, int bestEpoch, double bestLoss,
                        boolean phaseStopped, LearningRateSweep learningRateSweep) {

        /** A state without a range test. */
        public State(String fingerprint, int phase, int epochsDone, List<EpochMetrics> history, double plateauFactor,
                     int sincePlateauBest, int sinceBest, int bestEpoch, double bestLoss, boolean phaseStopped) {
            this(fingerprint, phase, epochsDone, history, plateauFactor, sincePlateauBest, sinceBest, bestEpoch,
                    bestLoss, phaseStopped, null);
        }

        /** This state with the job's range test. */
        public State withLearningRateSweep(LearningRateSweep sweep) {
            return new State(fingerprint, phase, epochsDone, history, plateauFactor, sincePlateauBest, sinceBest,
                    bestEpoch, bestLoss, phaseStopped, sweep);
        }
    }

    /** The file's bytes. */
    public byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            writeBytes(out, StoreJson.write(state));
            writeBytes(out, parameters);
            writeBytes(out, bestParameters);
            writeBytes(out, optimizer);
        }
        byte[] body = bytes.toByteArray();
        byte[] digest = sha256(body);
        byte[] all = Arrays.copyOf(body, body.length + digest.length);
        System.arraycopy(digest, 0, all, body.length, digest.length);
        return all;
    }

    /**
     * Reads a checkpoint file.
     *
     * @throws IOException when the file is truncated, altered or not a checkpoint
     */
    public static Checkpoint decode(byte[] file) throws IOException {
        if (file.length < 40) {
            throw new IOException("checkpoint of " + file.length + " bytes is truncated");
        }
        byte[] body = Arrays.copyOf(file, file.length - 32);
        byte[] digest = Arrays.copyOfRange(file, file.length - 32, file.length);
        if (!MessageDigest.isEqual(digest, sha256(body))) {
            throw new IOException("checkpoint digest does not match its content (torn or altered file)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IOException("not a Sightline checkpoint (format " + FORMAT + ")");
            }
            State state = StoreJson.read(readBytes(in), State.class);
            return new Checkpoint(state, readBytes(in), readBytes(in), readBytes(in));
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("checkpoint field of " + length + " bytes does not fit the file");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
