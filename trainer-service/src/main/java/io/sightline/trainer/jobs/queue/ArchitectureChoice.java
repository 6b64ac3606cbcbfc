package io.sightline.trainer.jobs.queue;

import io.sightline.events.TrainingParameters;
import io.sightline.storage.DatasetManifest;
import io.sightline.trainer.jobs.backbone.BackboneReference;
import io.sightline.trainer.jobs.backbone.Backbones;
import java.util.List;
import java.util.Locale;

/**
 * What a request that names no architecture trains (decision 102): a dataset with fewer training images per class
 * than {@code transferBelow} is trained by transfer from the configured pretrained base, since from scratch it
 * over-fits (the course's 2,000 cats and dogs did); without a usable base it is trained from scratch as before,
 * with a warning that says what to configure. A request that names an architecture is left as it is.
 *
 * @param transferBelow training images per class (the training split's images over its classes) below which a
 *                      dataset counts as small
 * @param base          the base a small dataset is trained from ({@code name[:version]}, a TorchScript file or a
 *                      pinned URL, as a request's {@code baseModel}); null: none configured
 */
public record ArchitectureChoice(int transferBelow, String base) {

    /** The course's failing set, 2,000 cats and dogs, had about 1,000 per class; twice that leaves a margin. */
    public static final int DEFAULT_TRANSFER_BELOW = 2000;
    static final String BASE_SETTING = "sightline.trainer.small-data.base";
    static final String GUIDE = "trainer-service/README.md#small-datasets";

    /** The default threshold and no base: small datasets train from scratch, with the warning. */
    public static ArchitectureChoice withoutBase() {
        return new ArchitectureChoice(DEFAULT_TRANSFER_BELOW, null);
    }

    /**
     * The parameters to train and, when the architecture was chosen here, why.
     *
     * @param parameters the request's parameters, defaults filled in
     * @param note       the choice and its reason for the caller (null when the request named the architecture or
     *                   the dataset is not small)
     */
    public record Choice(TrainingParameters parameters, String note) {

        /** Whether this is the warning that a small dataset trains from scratch. */
        boolean fromScratch() {
            return note != null && !ParameterRules.TRANSFER.equals(parameters.architecture());
        }
    }

    /**
     * @param backbones checks the configured base as a request's base is checked; null: taken as usable
     */
    Choice choose(JobRequest request, TrainingParameters parameters, DatasetManifest manifest, Backbones backbones) {
        if (request.architecture() != null && !request.architecture().isBlank()) {
            return new Choice(parameters, null);
        }
        int classes = manifest.classes().size();
        int perClass = manifest.entries(DatasetManifest.TRAIN).size() / classes;
        if (perClass >= transferBelow) {
            return new Choice(parameters, null);
        }
        String small = String.format(Locale.ROOT, "dataset %s version %s has %d training images per class (fewer"
                + " than %d)", manifest.dataset(), manifest.version(), perClass, transferBelow);
        if (base == null) {
            return new Choice(parameters, small + " and this trainer has no pretrained base configured ("
                    + BASE_SETTING + "): training " + parameters.architecture() + " from scratch, which tends to"
                    + " over-fit so few images; see " + GUIDE);
        }
        TrainingParameters transfer = parameters.toBuilder().setArchitecture(ParameterRules.TRANSFER)
                .optBaseModel(base).build();
        List<String> problems = backbones == null ? List.of() : backbones.problems(transfer);
        if (!problems.isEmpty()) {
            return new Choice(parameters, small + " but the configured pretrained base cannot be used ("
                    + String.join("; ", problems) + "): training " + parameters.architecture() + " from scratch,"
                    + " which tends to over-fit so few images; see " + GUIDE);
        }
        return new Choice(transfer, small + ": training by transfer from the pretrained base "
                + withoutPin(base) + " (" + BASE_SETTING + "), frozen, with a new head; name an"
                + " architecture to train otherwise");
    }

    private static String withoutPin(String reference) {
        int pin = reference.indexOf(BackboneReference.PIN);
        return pin < 0 ? reference : reference.substring(0, pin);
    }
}
