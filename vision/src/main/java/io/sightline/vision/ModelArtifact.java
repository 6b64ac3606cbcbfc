package io.sightline.vision;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk form of a trained model, one folder: {@value StoreKeys#MODEL_PARAMS} (weights), {@value
 * StoreKeys#ARCHITECTURE} ({@link ArchitectureSpec}, to rebuild the block) and {@value StoreKeys#SIGNATURE}
 * ({@link ImageSignature}, to preprocess and to name the outputs). The folder is a model version in the store, so
 * the file names and the JSON form are the store's ({@link StoreKeys}, {@link StoreJson}).
 */
public final class ModelArtifact {

    /** @deprecated the store owns the name: use {@link StoreKeys#MODEL_PARAMS} */
    @Deprecated(forRemoval = true)
    public static final String PARAMS = StoreKeys.MODEL_PARAMS;
    /** @deprecated the store owns the name: use {@link StoreKeys#ARCHITECTURE} */
    @Deprecated(forRemoval = true)
    public static final String ARCHITECTURE = StoreKeys.ARCHITECTURE;
    /** @deprecated the store owns the name: use {@link StoreKeys#SIGNATURE} */
    @Deprecated(forRemoval = true)
    public static final String SIGNATURE = StoreKeys.SIGNATURE;

    private ModelArtifact() {
    }

    /** Writes the weights of a trained block with its description into {@code dir}. */
    public static void write(Path dir, Block block, ArchitectureSpec architecture, ImageSignature signature)
            throws IOException {
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(dir.resolve(StoreKeys.MODEL_PARAMS))))) {
            block.saveParameters(out);
        }
        Files.write(dir.resolve(StoreKeys.ARCHITECTURE), StoreJson.write(architecture));
        Files.write(dir.resolve(StoreKeys.SIGNATURE), StoreJson.write(signature));
    }

    /** Reads the signature alone (cheap; no weights). */
    public static ImageSignature readSignature(Path dir) throws IOException {
        return StoreJson.read(Files.readAllBytes(dir.resolve(StoreKeys.SIGNATURE)), ImageSignature.class);
    }

    /** Reads the architecture alone. */
    public static ArchitectureSpec readArchitecture(Path dir) throws IOException {
        return StoreJson.read(Files.readAllBytes(dir.resolve(StoreKeys.ARCHITECTURE)), ArchitectureSpec.class);
    }

    /**
     * Rebuilds the block, loads the weights and returns a ready {@link Classifier}. The caller closes it.
     *
     * @throws MalformedModelException when the weights do not fit the described architecture
     */
    public static Classifier load(Path dir) throws IOException, MalformedModelException {
        ArchitectureSpec architecture = readArchitecture(dir);
        ImageSignature signature = readSignature(dir);
        Model model = Model.newInstance("sightline-" + architecture.name());
        try {
            Block block = Architectures.build(architecture, model.getNDManager());
            model.setBlock(block);
            if (!architecture.usesTorchScript()) {
                // shapes first: loading fills parameters that initialisation has laid out. A TorchScript module
                // is empty until loaded, so it cannot be initialised; its weights file holds the shapes
                block.initialize(model.getNDManager(), DataType.FLOAT32,
                        new Shape(1, signature.channels(), signature.height(), signature.width()));
            }
            try (DataInputStream in = new DataInputStream(
                    new BufferedInputStream(Files.newInputStream(dir.resolve(StoreKeys.MODEL_PARAMS))))) {
                block.loadParameters(model.getNDManager(), in);
            }
            return new Classifier(model, architecture, signature);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
