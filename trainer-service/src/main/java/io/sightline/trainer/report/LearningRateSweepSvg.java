package io.sightline.trainer.report;

import io.sightline.trainer.training.LearningRateSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The learning-rate range test drawn: smoothed training loss against the rate (log scale), the rate at the lowest
 * loss and the chosen one marked. Hand-written SVG like {@link CurvesSvg}.
 */
public final class LearningRateSweepSvg {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 260;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 40;
    private static final int BOTTOM = 210;

    private LearningRateSweepSvg() {
    }

    public static String render(LearningRateSweep sweep) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lr-sweep\""
                + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">"
                + "learning-rate range test: smoothed loss against rate (log scale)</text>%n", LEFT));
        List<Double> rates = sweep.rates();
        List<Double> losses = sweep.losses();
        if (rates.isEmpty()) {
            return svg.append("<text x=\"70\" y=\"60\">no steps</text>\n</svg>\n").toString();
        }
        int right = WIDTH - RIGHT;
        double lo = Math.log10(rates.get(0));
        double hi = Math.max(lo + 1e-9, Math.log10(rates.get(rates.size() - 1)));
        double min = losses.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        // the run-away tail would flatten the valley: the axis stops at 2× the first loss
        double max = Math.min(losses.stream().mapToDouble(Double::doubleValue).max().orElse(1),
                2 * Math.max(losses.get(0), min));
        if (max - min < 1e-12) {
            max = min + 1;
        }
        final double top = max;
        final double bottomValue = min;
        java.util.function.DoubleUnaryOperator x = r -> LEFT + (Math.log10(r) - lo) / (hi - lo) * (right - LEFT);
        java.util.function.DoubleUnaryOperator y = v -> BOTTOM - (Math.min(v, top) - bottomValue)
                / (top - bottomValue) * (BOTTOM - TOP);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#999\"/>%n", LEFT, TOP, right - LEFT, BOTTOM - TOP));
        for (int t = 0; t <= 4; t++) {
            double v = min + (max - min) * t / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%.3f"
                    + "</text>%n", LEFT - 5, y.applyAsDouble(v) + 4, v));
        }
        for (int e = (int) Math.ceil(lo); e <= Math.floor(hi); e++) {
            double px = x.applyAsDouble(Math.pow(10, e));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">1e%d</text>%n", px, TOP, px,
                    BOTTOM, px, BOTTOM + 15, e));
        }
        List<String> points = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", x.applyAsDouble(rates.get(i)),
                    y.applyAsDouble(losses.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<polyline class=\"sweep\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"2\" points=\"%s\"/>%n", CurvesSvg.TRAIN_COLOUR, String.join(" ", points)));
        mark(svg, x.applyAsDouble(sweep.minimumRate()), "lowest " + rate(sweep.minimumRate()), "#555", "minimum");
        mark(svg, x.applyAsDouble(sweep.chosen()), "chosen " + rate(sweep.chosen()), CurvesSvg.RATE_COLOUR, "chosen");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>%n", LEFT, BOTTOM + 35,
                TrainingReport.escape(sweep.rule())));
        return svg.append("</svg>\n").toString();
    }

    private static void mark(StringBuilder svg, double px, String label, String colour, String kind) {
        double clamped = Math.max(LEFT, Math.min(WIDTH - RIGHT, px));
        svg.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                + " stroke=\"%s\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" fill=\"%s\">%s</text>%n", kind,
                clamped, TOP, clamped, BOTTOM, colour, clamped + 3, "chosen".equals(kind) ? TOP + 12 : TOP + 26,
                colour, TrainingReport.escape(label)));
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%.2g", r);
    }
}
