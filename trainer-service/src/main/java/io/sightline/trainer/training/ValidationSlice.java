package io.sightline.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where a run's choices come from. Every choice made while training — the best epoch kept, early stopping,
 * reduce-on-plateau — is made on validation images, never on the test split, which is read once, at the end
 * (decision 080). A dataset with a validation split uses it; otherwise a seeded, stratified slice of the training
 * images is held out; a dataset too small for a slice trains every epoch and keeps the last.
 *
 * @param source {@link #DATASET}, {@link #SLICE} or {@link #NONE}
 * @param share  share of each class's training images held out ({@link #SLICE}), else 0
 * @param images validation images
 * @param note   one sentence for the report
 */
public record ValidationSlice(String source, double share, int images, String note) {

    /** The dataset's own validation split. */
    public static final String DATASET = "dataset";
    /** A slice of the training split, held out by the trainer. */
    public static final String SLICE = "train-slice";
    /** No validation images: nothing is chosen, the last epoch is kept. */
    public static final String NONE = "none";

    /** Fewer validation images than this choose by chance, not by merit: no slice then. */
    static final int MIN_IMAGES = 50;

    /** Whether choices are made (on validation images) at all. */
    public boolean selects() {
        return images > 0;
    }

    /** The images to train on: {@code images} itself, or with a validation slice carved out of its training split. */
    record Carved(TrainingImages images, ValidationSlice slice) {
    }

    /**
     * Holds out {@code share} of each class's training images (at least one each, a class keeps at least one) when
     * the dataset has no validation split. The slice depends only on the seed and the split's order, so a resumed
     * run holds out the same images.
     */
    static Carved carve(TrainingImages images, double share, long seed) {
        if (!images.validation().isEmpty()) {
            return new Carved(images, new ValidationSlice(DATASET, 0, images.validation().count(), String.format(
                    Locale.ROOT, "the epoch is chosen on the dataset's validation split (%d images); the test split"
                            + " is read once, at the end", images.validation().count())));
        }
        if (share <= 0) {
            return new Carved(images, new ValidationSlice(NONE, 0, 0, "no validation images were asked for"
                    + " (validationShare 0): every planned epoch is trained and the last is kept; the test split is"
                    + " read once, at the end"));
        }
        SplitImages train = images.train();
        int classes = images.signature().classes().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < train.count(); i++) {
            byClass.get(train.labels()[i]).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x76616C6964L);
        List<Integer> held = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int n = members.size();
            int take = n < 2 ? 0 : Math.min(n - 1, Math.max(1, (int) Math.round(share * n)));
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates, seeded per run
                int j = random.nextInt(i + 1);
                members.set(j, members.set(i, members.get(j)));
            }
            held.addAll(members.subList(0, take));
            kept.addAll(members.subList(take, n));
        }
        if (held.size() < MIN_IMAGES || byClass.stream().anyMatch(m -> m.size() < 2)) {
            return new Carved(images, new ValidationSlice(NONE, 0, 0, String.format(Locale.ROOT, "the training split"
                    + " (%d images) is too small to hold out a validation slice of %.0f%% (%d images, at least %d"
                    + " and one per class needed): every planned epoch is trained and the last is kept, chosen on"
                    + " nothing; the test split is read once, at the end", train.count(), 100 * share, held.size(),
                    MIN_IMAGES)));
        }
        held.sort(null);
        kept.sort(null);
        SplitImages validation = train.subset("val", held.stream().mapToInt(i -> i).toArray());
        SplitImages rest = train.subset(train.split(), kept.stream().mapToInt(i -> i).toArray());
        TrainingImages carved = new TrainingImages(images.manifest(), images.signature(), rest, validation,
                images.test(), images.preprocessingMs(), images.cached(), images.tensorBytes());
        return new Carved(carved, new ValidationSlice(SLICE, share, validation.count(), String.format(Locale.ROOT,
                "the dataset has no validation split, so %.0f%% of each class's training images (%d of %d, seeded,"
                        + " stratified) were held out to choose the epoch; the model trained on the other %d; the"
                        + " test split is read once, at the end", 100 * share, validation.count(), train.count(),
                rest.count())));
    }
}
