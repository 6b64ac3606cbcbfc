package io.sightline.trainer.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.sightline.storage.StoreKeys;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import io.sightline.vision.BackboneBlock;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A pretrained backbone, frozen, with a new head. The backbone is either the feature layers of a Sightline
 * model version (its head removed) or a TorchScript feature extractor. Fine-tuning unfreezes the top third of the
 * backbone's trainable tensors (the Keras transfer-learning guide unfreezes MobileNetV2 from layer 100 of 155).
 */
public final class TransferNetwork implements Network {

    /** Share of the backbone's trainable tensors, from the top, that fine-tuning unfreezes. */
    static final double FINE_TUNED_SHARE = 1.0 / 3;
    private static final Set<Parameter.Type> TRAINABLE = Set.of(Parameter.Type.WEIGHT, Parameter.Type.BIAS,
            Parameter.Type.GAMMA, Parameter.Type.BETA);

    /**
     * The head's weights start uniform in ±1/√fan-in, PyTorch's {@code nn.Linear} default, not DJL's Xavier
     * (±√(12/(fan-in + fan-out)), about 3.4 times wider for a 3,136 → 64 layer): on frozen features and a
     * hundred pictures per class the wide start over-fits, and transfer then barely beats scratch
     * (Fashion-MNIST, docs/benchmarks.md; decision 083).
     */
    static final XavierInitializer HEAD_INITIALIZER = new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);

    private final ArchitectureSpec architecture;
    private final Path source;
    private Block fullBase;
    private BackboneBlock backbone;

    private TransferNetwork(ArchitectureSpec architecture, Path source) {
        this.architecture = architecture;
        this.source = source;
    }

    /** Over the feature layers of a Sightline model version stored in {@code artifactDir}. */
    public static TransferNetwork fromSightline(ArchitectureSpec architecture, Path artifactDir) {
        return new TransferNetwork(architecture, artifactDir);
    }

    /** Over a TorchScript feature extractor file. */
    public static TransferNetwork fromTorchScript(ArchitectureSpec architecture, Path file) {
        return new TransferNetwork(architecture, file);
    }

    /**
     * Checks that a TorchScript file is a feature extractor for {@code imageSize}² RGB images by loading it and
     * passing one black image through it, so that a wrong file is refused with a sentence naming the problem,
     * not with the interpreter's traceback from deep inside training.
     *
     * @param reference the base model as the job names it, for the message
     * @return the shape of its output for one image
     * @throws TrainingFailure when the file is no TorchScript module, does not take that input, or does not
     *                         answer with one tensor per batch
     */
    public static Shape checkTorchScript(Path file, String reference, int imageSize) throws TrainingFailure {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block module = loadTorchScript((PtNDManager) manager, file, reference, false);
            Shape input = new Shape(1, 3, imageSize, imageSize);
            NDList out;
            try {
                out = module.forward(new ParameterStore(manager, false), new NDList(manager.zeros(input)), false);
            } catch (RuntimeException e) {
                throw new TrainingFailure("baseModel " + reference + " does not take " + imageSize + "×" + imageSize
                        + " RGB input (a " + input + " tensor): " + TrainingFailure.gist(e.getMessage()), e);
            }
            if (out.size() != 1 || out.head().getShape().dimension() < 2 || out.head().getShape().get(0) != 1) {
                throw new TrainingFailure("baseModel " + reference + " answers a " + input + " input with "
                        + out.size() + " tensor(s) " + Arrays.toString(out.getShapes())
                        + "; a feature extractor answers with one tensor, the batch first");
            }
            return out.head().getShape();
        }
    }

    private static Block loadTorchScript(PtNDManager manager, Path file, String reference, boolean trainable)
            throws TrainingFailure {
        try {
            return JniUtils.loadModule(manager, file, true, new String[0], new String[0], trainable);
        } catch (RuntimeException e) {
            throw new TrainingFailure("baseModel " + reference + " is not a TorchScript module PyTorch can load ("
                    + TrainingFailure.gist(e.getMessage()) + "); write it with torch.jit.save, not torch.save", e);
        }
    }

    @Override
    public ArchitectureSpec architecture() {
        return architecture;
    }

    @Override
    public Block build(NDManager manager) throws TrainingFailure {
        Block features;
        if (ArchitectureSpec.TORCHSCRIPT_BACKBONE.equals(architecture.backbone())) {
            // trainParam: a module loaded for inference holds inference tensors, which fine-tuning cannot unfreeze
            features = loadTorchScript((PtNDManager) manager, source, architecture.baseModel(), true);
        } else {
            fullBase = Architectures.build(architecture.base(), manager);
            features = Architectures.featureExtractor(fullBase, architecture.base());
        }
        var block = Architectures.transfer(architecture, features);
        backbone = (BackboneBlock) block.getChildren().get(0).getValue();
        block.getChildren().get(1).getValue().setInitializer(HEAD_INITIALIZER, Parameter.Type.WEIGHT);
        return block;
    }

    @Override
    public void loadPretrained(NDManager manager) throws TrainingFailure {
        if (fullBase == null) {
            return; // a TorchScript module arrives with its weights
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(source.resolve(StoreKeys.MODEL_PARAMS))))) {
            // the base's whole network loads; its feature blocks are the backbone's, so they take the weights
            fullBase.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new TrainingFailure("the weights of base model " + architecture.baseModel()
                    + " could not be loaded: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Parameter> backbone() {
        return backbone.getParameters().values();
    }

    @Override
    public List<Parameter> fineTuned() {
        List<Parameter> trainable = backbone().stream().filter(p -> TRAINABLE.contains(p.getType())).toList();
        int count = Math.max(1, (int) Math.ceil(trainable.size() * FINE_TUNED_SHARE));
        return trainable.subList(trainable.size() - count, trainable.size());
    }

    @Override
    public void fineTuning(boolean on) {
        // a TorchScript module in inference mode cannot pass gradients; DJL layers can, so their batch norm
        // keeps its pretrained statistics
        backbone.setTraining(on && ArchitectureSpec.TORCHSCRIPT_BACKBONE.equals(architecture.backbone()));
    }
}
