package io.sightline.dataset.importing;

import java.util.Locale;
import java.util.Map;

/**
 * Whether a version holds enough training images per class to train a network from scratch, or should be trained by
 * transfer from a pretrained base (decision 102). The dataset-service knows no bases: it says "transfer"; the trainer
 * names the base it has ({@code sightline train} without {@code --arch} picks it).
 *
 * @param trainImagesPerClass      the train split's images over its classes, rounded down
 * @param smallestClass            the class with the fewest training images
 * @param smallestClassTrainImages its training images
 * @param transferBelow            training images per class below which transfer is recommended
 * @param recommendation           {@code transfer} below that, else {@code from-scratch} (either works)
 * @param why                      the numbers and the advice, one sentence
 */
public record TrainingAdvice(int trainImagesPerClass, String smallestClass, int smallestClassTrainImages,
                             int transferBelow, String recommendation, String why) {

    /** The course's failing set, 2,000 cats and dogs, had about 1,000 per class; twice that leaves a margin. */
    public static final int DEFAULT_TRANSFER_BELOW = 2000;
    public static final String TRANSFER = "transfer";
    public static final String FROM_SCRATCH = "from-scratch";

    /** The advice for these class counts; null when there is no training image at all. */
    static TrainingAdvice of(Map<String, VerificationReport.ClassCount> classes, int transferBelow) {
        int train = classes.values().stream().mapToInt(VerificationReport.ClassCount::train).sum();
        if (classes.isEmpty() || train == 0) {
            return null;
        }
        Map.Entry<String, VerificationReport.ClassCount> smallest = classes.entrySet().stream()
                .min(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.train(), b.train()))).orElseThrow();
        int perClass = train / classes.size();
        String counts = String.format(Locale.ROOT, "%d training images per class (fewest: %s, %d)", perClass,
                smallest.getKey(), smallest.getValue().train());
        if (perClass < transferBelow) {
            return new TrainingAdvice(perClass, smallest.getKey(), smallest.getValue().train(), transferBelow, TRANSFER,
                    counts + ", fewer than " + transferBelow + ": a network trained from scratch over-fits so few"
                            + " images; train by transfer from a pretrained base (sightline train without --arch"
                            + " does, when the trainer has one configured)");
        }
        return new TrainingAdvice(perClass, smallest.getKey(), smallest.getValue().train(), transferBelow, FROM_SCRATCH,
                counts + ", at least " + transferBelow + ": enough to train from scratch; a pretrained base may"
                        + " still learn faster");
    }
}
