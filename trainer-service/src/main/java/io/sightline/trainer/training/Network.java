package io.sightline.trainer.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.sightline.vision.ArchitectureSpec;
import java.util.List;

/**
 * What a run trains: a block built in the model's native memory, pretrained weights for part of it, and which
 * parameters stay frozen in each phase. From scratch nothing is frozen; transfer freezes the backbone in the
 * first phase and unfreezes its top in the fine-tuning phase.
 */
public interface Network {

    /** How to rebuild the block (stored with the weights). */
    ArchitectureSpec architecture();

    /** Builds the block, not yet initialised, with its parameters owned by {@code manager}. */
    Block build(NDManager manager) throws TrainingFailure;

    /** Loads pretrained weights, once the block is initialised. */
    default void loadPretrained(NDManager manager) throws TrainingFailure {
    }

    /** Parameters frozen in the first phase (the backbone's); empty from scratch. */
    default List<Parameter> backbone() {
        return List.of();
    }

    /** The backbone parameters the fine-tuning phase trains (its top); empty from scratch. */
    default List<Parameter> fineTuned() {
        return List.of();
    }

    /** Switches the backbone between inference mode (phase one) and what fine-tuning needs. */
    default void fineTuning(boolean on) {
    }

    /** A from-scratch network: every parameter trained; Xavier-initialised but a dense classifier ({@link ScratchNetwork}). */
    static Network fromScratch(ArchitectureSpec spec) {
        return new ScratchNetwork(spec);
    }
}
