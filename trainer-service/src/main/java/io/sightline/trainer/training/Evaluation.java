package io.sightline.trainer.training;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's results on one split.
 *
 * @param split           which split
 * @param count           images evaluated
 * @param accuracy        share of images classified correctly
 * @param loss            mean cross-entropy loss
 * @param classes         per-class precision, recall and F1, in class (label) order
 * @param confusionMatrix {@code confusionMatrix[actual][predicted]} image counts; rows and columns in class order
 */
public record Evaluation(String split, int count, double accuracy, double loss, List<ClassMetrics> classes,
                        int[][] confusionMatrix) {

    /**
     * Computes the metrics of a set of predictions.
     *
     * @param classNames class names, index = label
     * @param actual     true label of each image
     * @param predicted  predicted label of each image
     * @param meanLoss   mean loss over the images
     */
    public static Evaluation of(String split, List<String> classNames, int[] actual, int[] predicted, double meanLoss) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " labels but " + predicted.length + " predictions");
        }
        int n = classNames.size();
        int[][] confusion = new int[n][n];
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            confusion[actual[i]][predicted[i]]++;
            if (actual[i] == predicted[i]) {
                correct++;
            }
        }
        List<ClassMetrics> perClass = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            int truePositives = confusion[c][c];
            int support = 0;
            int predictedAs = 0;
            for (int k = 0; k < n; k++) {
                support += confusion[c][k];
                predictedAs += confusion[k][c];
            }
            double precision = predictedAs == 0 ? 0 : (double) truePositives / predictedAs;
            double recall = support == 0 ? 0 : (double) truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new ClassMetrics(classNames.get(c), support, predictedAs, precision, recall, f1));
        }
        double accuracy = actual.length == 0 ? 0 : (double) correct / actual.length;
        return new Evaluation(split, actual.length, accuracy, meanLoss, List.copyOf(perClass), confusion);
    }

    /** These results with each class's display name; unchanged when {@code names} is null (the dataset named none). */
    public Evaluation withNames(List<String> names) {
        if (names == null) {
            return this;
        }
        if (names.size() != classes.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + classes.size() + " classes");
        }
        List<ClassMetrics> named = new ArrayList<>(classes.size());
        for (int c = 0; c < classes.size(); c++) {
            ClassMetrics m = classes.get(c);
            named.add(new ClassMetrics(m.name(), m.support(), m.predicted(), m.precision(), m.recall(), m.f1(),
                    names.get(c)));
        }
        return new Evaluation(split, count, accuracy, loss, List.copyOf(named), confusionMatrix);
    }
}
