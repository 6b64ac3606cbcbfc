package io.sightline.trainer.sweeps;

import io.sightline.trainer.report.TrainingReport;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The comparison of a sweep's trials (HTML): a table ranked by how far each trial got and its validation accuracy,
 * and an SVG of every trial's validation accuracy per epoch in its longest run, overlaid. Rendered from the sweep
 * document, so any replica serves it and it is current while the sweep runs.
 */
final class SweepReport {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 280;
    private static final int PAD = 40;
    /** Legend rows that fit beside the plot; the table names every trial. */
    private static final int LEGEND_ROWS = 20;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private SweepReport() {
    }

    static String html(Sweep sweep) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sweep ")
                .append(sweep.id()).append("</title><style>table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                        + "padding:2px 6px}tr.winner{font-weight:bold}</style></head><body>");
        html.append("<h1>Sweep ").append(sweep.id()).append(" of model ").append(e(sweep.request().model()))
                .append("</h1><p>").append(e(sweep.status())).append(", rung ").append(sweep.rung() + 1)
                .append(" of ").append(sweep.rungs()).append(" (successive halving, the best 1/")
                .append(SweepPlan.ETA).append(" of each rung go on; ranked by validation accuracy)");
        if (sweep.winner() != null) {
            html.append("; winner: trial ").append(sweep.winner()).append(", trained as ")
                    .append(e(sweep.request().model()))
                    .append(sweep.winnerVersion() == null ? "" : " version " + e(sweep.winnerVersion()))
                    .append(sweep.promoted() == null ? "" : sweep.promoted() ? ", promoted" : ", not promoted")
                    .append(sweep.promotion() == null ? "" : " (" + e(sweep.promotion()) + ")");
        }
        if (sweep.budgetSpent()) {
            html.append("; the budget ended the halving early");
        }
        if (sweep.reason() != null) {
            html.append("; ").append(e(sweep.reason()));
        }
        html.append("</p><table class=\"trials\"><tr><th>trial</th><th>learning rate</th><th>batch size</th>"
                + "<th>architecture</th><th>augmentation</th><th>rungs reached</th><th>epochs</th>"
                + "<th>validation accuracy</th><th>status</th></tr>");
        for (SweepTrial trial : ranked(sweep)) {
            TrialRun last = trial.last();
            TrialParameters p = trial.parameters();
            html.append("<tr").append(Objects.equals(sweep.winner(), trial.index()) ? " class=\"winner\"" : "")
                    .append("><td>").append(trial.index()).append("</td><td>")
                    .append(p.learningRate() == null ? "default" : e(String.valueOf(p.learningRate().auto() ? "auto"
                            : p.learningRate().value())))
                    .append("</td><td>").append(p.batchSize() == null ? "default" : p.batchSize())
                    .append("</td><td>").append(p.architecture() == null ? "default" : e(p.architecture()))
                    .append("</td><td>").append(p.augmentation() == null ? "default" : e(p.augmentation().toString()))
                    .append("</td><td>").append(trial.runs().size()).append("</td><td>")
                    .append(last == null ? "" : last.epochs()).append("</td><td>")
                    .append(last == null || last.validationAccuracy() == null ? "" : percent(last.validationAccuracy()))
                    .append("</td><td>").append(last == null ? "" : last.status()
                            + (last.reason() == null ? "" : ": " + e(last.reason())))
                    .append("</td></tr>");
        }
        return html.append("</table><h2>Validation accuracy per epoch</h2>").append(curves(sweep))
                .append("</body></html>").toString();
    }

    /** Furthest rung first, then best validation accuracy of that rung. */
    private static List<SweepTrial> ranked(Sweep sweep) {
        return sweep.trials().stream().sorted((a, b) -> {
            int byRungs = Integer.compare(b.runs().size(), a.runs().size());
            if (byRungs != 0) {
                return byRungs;
            }
            double sa = a.last() == null ? -2 : a.last().score();
            double sb = b.last() == null ? -2 : b.last().score();
            return sa != sb ? Double.compare(sb, sa) : Integer.compare(a.index(), b.index());
        }).toList();
    }

    static String curves(Sweep sweep) {
        int maxEpochs = sweep.trials().stream().map(SweepTrial::last).filter(Objects::nonNull)
                .mapToInt(r -> r.validationCurve() == null ? 0 : r.validationCurve().size()).max().orElse(0);
        StringBuilder svg = new StringBuilder("<svg class=\"sweep-curves\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\"><rect x=\"").append(PAD)
                .append("\" y=\"10\" width=\"").append(WIDTH - 2 * PAD).append("\" height=\"").append(HEIGHT - PAD - 10)
                .append("\" fill=\"none\" stroke=\"#999\"/><text x=\"4\" y=\"20\" font-size=\"10\">100%</text>"
                        + "<text x=\"4\" y=\"").append(HEIGHT - PAD).append("\" font-size=\"10\">0%</text>");
        for (SweepTrial trial : sweep.trials()) {
            TrialRun run = trial.last();
            if (run == null || run.validationCurve() == null || run.validationCurve().isEmpty()) {
                continue;
            }
            String colour = COLOURS[trial.index() % COLOURS.length];
            StringBuilder points = new StringBuilder();
            List<Double> curve = run.validationCurve();
            for (int i = 0; i < curve.size(); i++) {
                if (curve.get(i) != null) {
                    double x = PAD + (maxEpochs <= 1 ? 0.5 : (double) i / (maxEpochs - 1)) * (WIDTH - 2 * PAD);
                    double y = 10 + (1 - curve.get(i)) * (HEIGHT - PAD - 10);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    // a run of one epoch is a single point: a polyline alone would not show it
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                            x, y, colour));
                }
            }
            svg.append("<polyline class=\"trial\" data-trial=\"").append(trial.index()).append("\" fill=\"none\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"").append(Objects.equals(sweep.winner(), trial.index())
                            ? 3 : 1.5).append("\" points=\"").append(points.toString().trim()).append("\"/>");
            if (trial.index() >= LEGEND_ROWS) {
                continue;
            }
            svg.append("<text x=\"").append(WIDTH - PAD + 4).append("\" y=\"").append(20 + 12 * trial.index())
                    .append("\" font-size=\"10\" fill=\"").append(colour).append("\">trial ").append(trial.index())
                    .append("</text>");
        }
        return svg.append("<text x=\"").append(WIDTH / 2 - 20).append("\" y=\"").append(HEIGHT - 10)
                .append("\" font-size=\"10\">epoch</text></svg>").toString();
    }

    private static String percent(double accuracy) {
        return String.format(Locale.ROOT, "%.1f%%", accuracy * 100);
    }

    private static String e(String text) {
        return TrainingReport.escape(text);
    }
}
