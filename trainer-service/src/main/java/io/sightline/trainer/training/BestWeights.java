package io.sightline.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * A copy of every parameter (weights and batch-norm statistics) of the best epoch so far, to put back at the end
 * of a phase. Holds native memory: close it.
 */
final class BestWeights implements AutoCloseable {

    private NDList copy;

    /** Keeps the parameters' current values, replacing any earlier copy. */
    void snapshot(List<Parameter> parameters, NDManager manager) {
        close();
        copy = new NDList(parameters.size());
        for (Parameter p : parameters) {
            NDArray duplicate = p.getArray().duplicate();
            duplicate.attach(manager);
            copy.add(duplicate);
        }
    }

    /** Takes over values read from a checkpoint. */
    void adopt(List<NDArray> values) {
        close();
        copy = new NDList(values);
    }

    boolean isEmpty() {
        return copy == null;
    }

    /** The kept values, in parameter order; null when none were kept. */
    NDList values() {
        return copy;
    }

    /** Puts the kept values back into the parameters. */
    void restoreInto(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            assign(parameters.get(i).getArray(), copy.get(i));
        }
    }

    /** Copies values into a parameter's array in place, so every holder of that array sees them. */
    static void assign(NDArray target, NDArray values) {
        if (!target.getShape().equals(values.getShape())) {
            throw new IllegalStateException("parameter shape " + target.getShape() + " cannot take "
                    + values.getShape());
        }
        target.set(values.toType(target.getDataType(), false).toByteBuffer());
    }

    @Override
    public void close() {
        if (copy != null) {
            copy.close();
            copy = null;
        }
    }
}
