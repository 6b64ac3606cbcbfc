package io.sightline.trainer.report;

import io.sightline.vision.ArchitectureSpec;
import java.util.Locale;

/** Why an architecture fits a dataset, in a few sentences: size, classes, from scratch or transfer. */
public final class ArchitectureRationale {

    /** Below this many training images per class, training a network from scratch tends to overfit. */
    static final int FEW_PER_CLASS = 100;
    /** The model-zoo networks want thousands of images per class from scratch. */
    static final int ZOO_PER_CLASS = 1000;
    /** How the report names an architecture the trainer chose, ahead of the reason. */
    public static final String CHOSEN = "Chosen automatically (the request named no architecture): ";

    private ArchitectureRationale() {
    }

    /**
     * The rationale led by the trainer's own choice when the request named no architecture (decision 102), so the
     * report says the architecture was picked, not asked for.
     */
    public static String withChoice(String architectureNote, String rationale) {
        if (architectureNote == null || architectureNote.isBlank()) {
            return rationale;
        }
        return CHOSEN + architectureNote.strip() + ". " + rationale;
    }

    public static String explain(ArchitectureSpec spec, int trainImages, int classes, long totalParameters,
                                 long frozenParameters) {
        int perClass = trainImages / Math.max(1, classes);
        String data = String.format(Locale.ROOT, "%,d training images in %d classes (about %,d per class) at %d×%d px",
                trainImages, classes, perClass, spec.imageSize(), spec.imageSize());
        String size = String.format(Locale.ROOT, "%,d parameters", totalParameters);
        return switch (spec.name()) {
            case ArchitectureSpec.CNN -> data + ": a small CNN (" + spec.filters().size() + " conv blocks with "
                    + spec.filters() + " filters, dense " + spec.denseUnits() + ", dropout " + spec.dropout() + "; "
                    + size + ") trained from scratch fits inputs of this size and trains in minutes on a CPU."
                    + (perClass < FEW_PER_CLASS
                    ? " With fewer than " + FEW_PER_CLASS + " images per class it will likely overfit: add"
                    + " augmentation, or use transfer from a model trained on related, larger data."
                    : " That is enough images per class to learn the features from scratch.");
            case ArchitectureSpec.TRANSFER -> data + ": transfer learning. The backbone ("
                    + (ArchitectureSpec.TORCHSCRIPT_BACKBONE.equals(spec.backbone()) ? "TorchScript " : "Sightline model ")
                    + spec.baseModel() + ") brings features learnt on other data and stays frozen ("
                    + String.format(Locale.ROOT, "%,d", frozenParameters) + " of " + size
                    + "); only the head (flatten, dense " + spec.denseUnits() + " ReLU, dropout " + spec.dropout()
                    + ", dense " + classes + ") learns from these images"
                    + (perClass < FEW_PER_CLASS ? ", which are too few per class to train a whole network from scratch."
                    : ", which makes training fast and stable.")
                    + " A fine-tuning phase, when asked for, unfreezes the top of the backbone at a small learning"
                    + " rate.";
            default -> data + ": " + spec.name() + " (" + size + ") trained from scratch. "
                    + (perClass < ZOO_PER_CLASS
                    ? "This deep network usually needs thousands of images per class from scratch; with fewer, the"
                    + " small cnn or transfer learning will generalise better."
                    : "With this many images per class a deep network can learn its own features.");
        };
    }
}
