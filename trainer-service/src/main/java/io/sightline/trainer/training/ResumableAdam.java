package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam (the same fused update as DJL's {@code Adam}) whose state can be saved and restored, so a job resumed
 * from a checkpoint continues with the moments it had, not a cold optimiser; and whose learning rate the
 * training loop sets before every step (schedule, warm-up, reduce-on-plateau).
 *
 * <p>State is keyed by the parameter's position in the block, not its id: ids are fresh random values every
 * time a block is built.
 */
final class ResumableAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Map<String, NDArray> means = new ConcurrentHashMap<>();
    private final Map<String, NDArray> variances = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    private volatile float learningRate;

    ResumableAdam(double learningRate) {
        super(new Builder());
        this.learningRate = (float) learningRate;
    }

    void setLearningRate(double learningRate) {
        this.learningRate = (float) learningRate;
    }

    /** Frees the moments now rather than with the model (a range test's optimiser is dropped before training). */
    void release() {
        means.values().forEach(NDArray::close);
        variances.values().forEach(NDArray::close);
        means.clear();
        variances.clear();
        steps.clear();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String key = parameterId + "@" + weight.getDevice();
        int t = steps.merge(key, 1, Integer::sum);
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        float rate = learningRate;
        float corrected = (float) (rate * Math.sqrt(correction2) / correction1);
        NDArray mean = state(means, key, weight);
        NDArray variance = state(variances, key, weight);
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight), rate,
                corrected, getWeightDecay(), rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    private static NDArray state(Map<String, NDArray> states, String key, NDArray weight) {
        return states.computeIfAbsent(key, k -> {
            // the state outlives the step's scope: it belongs to the weight's manager
            NDArray zeros = weight.zerosLike();
            zeros.attach(weight.getManager());
            return zeros;
        });
    }

    /** Writes the step counts and moments of the parameters, in their block order. */
    void save(DataOutputStream out, List<Parameter> parameters) throws IOException {
        out.writeInt(parameters.size());
        for (Parameter parameter : parameters) {
            String key = key(parameter);
            Integer t = steps.get(key);
            NDArray mean = means.get(key);
            NDArray variance = variances.get(key);
            boolean present = t != null && mean != null && variance != null;
            out.writeBoolean(present);
            if (present) {
                out.writeInt(t);
                writeArray(out, mean);
                writeArray(out, variance);
            }
        }
    }

    /** Restores what {@link #save} wrote for the same block. */
    void load(DataInputStream in, List<Parameter> parameters, NDManager manager) throws IOException {
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimiser state for " + count + " parameters, the block has " + parameters.size());
        }
        Map<String, NDArray> loadedMeans = new HashMap<>();
        Map<String, NDArray> loadedVariances = new HashMap<>();
        Map<String, Integer> loadedSteps = new HashMap<>();
        for (Parameter parameter : parameters) {
            if (!in.readBoolean()) {
                continue;
            }
            String key = key(parameter);
            loadedSteps.put(key, in.readInt());
            loadedMeans.put(key, readArray(in, manager));
            loadedVariances.put(key, readArray(in, manager));
        }
        means.putAll(loadedMeans);
        variances.putAll(loadedVariances);
        steps.putAll(loadedSteps);
    }

    private static String key(Parameter parameter) {
        return parameter.getId() + "@" + parameter.getArray().getDevice();
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return NDArray.decode(manager, bytes);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
