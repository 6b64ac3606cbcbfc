package io.sightline.trainer.report;

import io.sightline.events.TrainingFinding;
import io.sightline.trainer.training.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code curves.svg}: three stacked panels over the epochs — loss (train and validation), accuracy (train and
 * validation) and the learning rate (log scale) — with the best epoch, the start of a fine-tuning phase and the
 * diagnosis's findings (on the loss panel, at their epoch, the evidence on hover) marked.
 * Hand-written SVG: no dependencies, readable in any browser and embeddable in the report.
 */
public final class CurvesSvg {

    static final String TRAIN_COLOUR = "#1f77b4";
    static final String HELD_OUT_COLOUR = "#d62728";
    static final String RATE_COLOUR = "#2ca02c";
    static final String FINDING_COLOUR = "#e67e00";

    private static final int WIDTH = 720;
    private static final int PANEL_HEIGHT = 190;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int GAP = 45;

    private CurvesSvg() {
    }

    /**
     * @param history   the epochs, in order
     * @param heldOut   name of the validation split ({@code val}), null when there was none
     * @param bestEpoch the epoch whose weights were kept (0: none)
     */
    public static String render(String title, List<EpochMetrics> history, String heldOut, int bestEpoch) {
        return render(title, history, heldOut, bestEpoch, List.of());
    }

    /** As {@link #render(String, List, String, int)}, with the findings of the diagnosis (null: none) marked. */
    public static String render(String title, List<EpochMetrics> history, String heldOut, int bestEpoch,
                                List<TrainingFinding> findings) {
        int height = TOP + 3 * PANEL_HEIGHT + 3 * GAP;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, TrainingReport.escape(title)));
        if (history.isEmpty()) {
            return svg.append("<text x=\"70\" y=\"60\">no epochs</text>\n</svg>\n").toString();
        }
        String heldOutName = heldOut == null ? "validation (none)" : "validation (" + heldOut + ")";
        int fineTuneStart = history.stream().filter(h -> "fine-tune".equals(h.phase()))
                .mapToInt(EpochMetrics::epoch).min().orElse(0);
        panel(svg, 0, "loss", history, List.of(
                new Series("train", TRAIN_COLOUR, EpochMetrics::trainLoss, false),
                new Series(heldOutName, HELD_OUT_COLOUR, EpochMetrics::validationLoss, false)),
                false, bestEpoch, fineTuneStart, findings == null ? List.of() : findings);
        panel(svg, 1, "accuracy", history, List.of(
                new Series("train", TRAIN_COLOUR, EpochMetrics::trainAccuracy, false),
                new Series(heldOutName, HELD_OUT_COLOUR, EpochMetrics::validationAccuracy, false)),
                false, bestEpoch, fineTuneStart, List.of());
        panel(svg, 2, "learning rate", history, List.of(
                new Series("learning rate", RATE_COLOUR, EpochMetrics::learningRate, true)),
                true, bestEpoch, fineTuneStart, List.of());
        return svg.append("</svg>\n").toString();
    }

    private record Series(String name, String colour, Function<EpochMetrics, Number> value, boolean markers) {
    }

    private static void panel(StringBuilder svg, int index, String label, List<EpochMetrics> history,
                              List<Series> series, boolean log, int bestEpoch, int fineTuneStart,
                              List<TrainingFinding> findings) {
        int top = TOP + index * (PANEL_HEIGHT + GAP) + 10;
        int bottom = top + PANEL_HEIGHT;
        int right = WIDTH - RIGHT;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (EpochMetrics e : history) {
                Number v = s.value().apply(e);
                if (v != null && Double.isFinite(v.doubleValue()) && (!log || v.doubleValue() > 0)) {
                    double y = log ? Math.log10(v.doubleValue()) : v.doubleValue();
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        if (!Double.isFinite(min)) {
            min = 0;
            max = 1;
        }
        if (!log) {
            min = Math.min(0, min);
            max = "accuracy".equals(label) ? Math.max(1, max) : max;
        }
        if (max - min < 1e-12) {
            max = min + (log ? 1 : Math.max(1e-6, Math.abs(min) * 0.1 + 1e-6));
        }
        int first = history.get(0).epoch();
        int last = history.get(history.size() - 1).epoch();
        double span = Math.max(1, last - first);
        final double lo = min;
        final double hi = max;
        Function<Integer, Double> x = epoch -> LEFT + (history.size() == 1 ? (right - LEFT) / 2.0
                : (epoch - first) / span * (right - LEFT));
        Function<Double, Double> y = value -> bottom - ((log ? Math.log10(value) : value) - lo) / (hi - lo)
                * (bottom - top);

        svg.append(String.format(Locale.ROOT, "<g class=\"panel\" id=\"%s\">%n", label.replace(' ', '-')));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s%s</text>%n", LEFT,
                top - 6, label, log ? " (log scale)" : ""));
        // axes and horizontal grid with 4 ticks
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#999\"/>%n", LEFT, top, right - LEFT, PANEL_HEIGHT));
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            double py = bottom - (double) t / 4 * (bottom - top);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>%n", LEFT, py, right, py,
                    LEFT - 5, py + 4, tick(log ? Math.pow(10, v) : v, log)));
        }
        int step = Math.max(1, (int) Math.ceil(span / 10));
        for (int epoch = first; epoch <= last; epoch += step) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%d"
                    + "</text>%n", x.apply(epoch), bottom + 15, epoch));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">epoch</text>%n",
                (LEFT + right) / 2, bottom + 30));
        if (bestEpoch >= first && bestEpoch <= last && bestEpoch > 0) {
            double bx = x.apply(bestEpoch);
            svg.append(String.format(Locale.ROOT, "<line class=\"best-epoch\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\""
                    + " y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#555\">"
                    + "best %d</text>%n", bx, top, bx, bottom, bx + 3, top + 12, bestEpoch));
        }
        if (fineTuneStart > first) {
            double fx = (x.apply(fineTuneStart) + x.apply(fineTuneStart - 1)) / 2;
            svg.append(String.format(Locale.ROOT, "<line class=\"fine-tune\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                    + " stroke=\"#9467bd\"/><text x=\"%.1f\" y=\"%d\" fill=\"#9467bd\">fine-tuning</text>%n", fx, top,
                    fx, bottom, fx + 3, bottom - 5));
        }
        int marked = 0;
        for (TrainingFinding f : findings) {
            int epoch = Math.max(first, Math.min(last, f.epoch()));
            double fx = x.apply(epoch);
            int textY = top + 26 + 14 * (marked++ % 8);
            svg.append(String.format(Locale.ROOT, "<g class=\"finding\" data-kind=\"%s\"><title>%s: %s → %s</title>"
                    + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" text-anchor=\"%s\">⚠ %s</text></g>%n",
                    TrainingReport.escape(f.kind()), TrainingReport.escape(f.kind()),
                    TrainingReport.escape(f.evidence()), TrainingReport.escape(f.suggestion()), fx, top, fx, bottom,
                    FINDING_COLOUR, epoch == last && last > first ? fx - 3 : fx + 3, textY, FINDING_COLOUR,
                    epoch == last && last > first ? "end" : "start", TrainingReport.escape(f.kind())));
        }
        int legend = 0;
        for (Series s : series) {
            List<String> points = new ArrayList<>();
            StringBuilder dots = new StringBuilder();
            for (EpochMetrics e : history) {
                Number v = s.value().apply(e);
                if (v == null || !Double.isFinite(v.doubleValue()) || log && v.doubleValue() <= 0) {
                    continue;
                }
                double px = x.apply(e.epoch());
                double py = y.apply(v.doubleValue());
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\">"
                        + "<title>epoch %d: %s</title></circle>", px, py, s.colour(), e.epoch(),
                        tick(v.doubleValue(), log)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" data-name=\"%s\" fill=\"none\""
                    + " stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", TrainingReport.escape(s.name()), s.colour(),
                    String.join(" ", points)));
            svg.append(dots).append('\n');
            int ly = top + 10 + legend * 18;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>%n", right + 10, ly, right + 30, ly,
                    s.colour(), right + 35, ly + 4, TrainingReport.escape(s.name())));
            legend++;
        }
        svg.append("</g>\n");
    }

    static String tick(double v, boolean log) {
        if (log || Math.abs(v) < 1e-2 && v != 0) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3f", v);
    }
}
