package io.sightline.vision;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The feature extractor of a transfer network. It runs in inference mode unless told otherwise, also while
 * the head trains: batch norm then uses the statistics it was pretrained with, which a frozen backbone must
 * keep (in training mode batch norm would update its running statistics even with frozen weights), and which
 * the fine-tuning phase keeps too (as Keras advises). A TorchScript backbone needs training mode to pass
 * gradients when fine-tuned: {@link #setTraining}.
 */
public final class BackboneBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block features;
    private volatile boolean training;

    public BackboneBlock(Block features) {
        super(VERSION);
        this.features = addChildBlock("features", features);
    }

    /** The wrapped feature extractor. */
    public Block features() {
        return features;
    }

    /** Whether the backbone runs in training mode while the network trains (default: no). Not saved. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        boolean backboneTraining = training && this.training;
        NDList out = features.forward(parameterStore, inputs, backboneTraining, params);
        if (!backboneTraining && features instanceof SymbolBlock) {
            // a TorchScript module in inference mode returns inference tensors, which autograd refuses to save
            // for the head's backward pass — also when merely evaluating on a thread where PyTorch's grad mode is
            // on (it is per thread, on by default, and DJL turns it off only on the thread that started the
            // engine). A copy is an ordinary tensor. DJL layers return ordinary tensors: no copy, which would
            // also cut the gradient a fine-tuned backbone needs.
            NDList copies = new NDList(out.size());
            for (NDArray array : out) {
                copies.add(array.duplicate());
            }
            return copies;
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return features.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        os.write(VERSION);
        features.saveParameters(os);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        byte version = is.readByte();
        if (version != VERSION) {
            throw new MalformedModelException("unsupported backbone block version " + version);
        }
        features.loadParameters(manager, is);
    }
}
