package io.sightline.trainer.report;

import io.sightline.events.TrainingFinding;
import io.sightline.events.TrainingParameters;
import io.sightline.trainer.registry.ChampionComparison;
import io.sightline.trainer.registry.ModelMetrics;
import io.sightline.trainer.registry.StageTimings;
import io.sightline.trainer.registry.TrainingDetails;
import io.sightline.trainer.training.ClassMetrics;
import io.sightline.trainer.training.EpochMetrics;
import java.util.List;
import io.sightline.trainer.training.ValidationSlice;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page about a model version — scores, curves (the SVG inline),
 * confusion matrix, per-class metrics, hyperparameters, why this architecture, time per stage, lineage and
 * environment. No scripts, no external resources: it opens from the store as it is.
 */
public final class TrainingReport {

    private TrainingReport() {
    }

    public static String render(ModelMetrics m, String curvesSvg) {
        StringBuilder h = new StringBuilder(16_384);
        String title = "Model " + m.model() + " version " + m.version();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}h2{margin-top:1.6em}"
                        + ".warn{color:#a00}</style></head><body>\n");
        h.append("<h1>").append(escape(title)).append("</h1>\n");
        h.append(String.format(Locale.ROOT, "<p><b>Test accuracy %.4f</b>, test loss %.4f on %d test images; %s.</p>%n",
                m.test().accuracy(), m.test().loss(), m.test().count(), escape(m.architecture())));
        TrainingDetails d = m.details();
        if (d != null && d.warnings() != null) {
            for (String warning : d.warnings()) {
                h.append("<p class=\"warn\">Warning: ").append(escape(warning)).append("</p>\n");
            }
        }

        h.append("<h2>Architecture and why</h2>\n");
        if (d != null) {
            h.append("<p>").append(escape(d.rationale())).append("</p>\n");
        }

        findings(h, d);
        h.append("<h2>Curves</h2>\n").append(curvesSvg);
        if (d != null) {
            h.append(String.format(Locale.ROOT, "<p>%s; its weights are the ones published.%s%s</p>%n",
                    m.heldOutSplit() == null ? "Last epoch " + d.bestEpoch() + " (nothing was chosen)"
                            : "Best epoch " + d.bestEpoch() + " (most accurate on validation, loss breaking ties, split <code>"
                            + escape(m.heldOutSplit()) + "</code>)",
                    d.stoppedEarly() ? " Early stopping ended training." : "",
                    d.resumedFromEpoch() > 0 ? " Resumed from the checkpoint of epoch " + d.resumedFromEpoch() + "."
                            : ""));
            if (d.validation() != null) {
                h.append("<p>Validation: ").append(escape(d.validation().note())).append(".</p>\n");
            }
            if (d.timeBudget() != null) {
                h.append("<p>Time: ").append(escape(d.timeBudget().describe())).append(String.format(Locale.ROOT,
                        "; the job took %.1f s in all.</p>%n", m.timings() == null ? 0 : m.timings().totalMs() / 1e3));
            }
        }
        epochs(h, m.history());
        if (d != null && d.learningRateSweep() != null) {
            h.append("<h2>Learning-rate range test</h2>\n<p>").append(escape(d.learningRateSweep().rule()))
                    .append(".</p>\n").append(LearningRateSweepSvg.render(d.learningRateSweep()));
        }

        h.append("<h2>Confusion matrix (test)</h2>\n");
        confusion(h, m);
        boolean named = m.test().classes().stream().anyMatch(c -> c.displayName() != null);
        h.append("<h2>Per class (test)</h2>\n<table><tr><th class=\"l\">class</th>")
                .append(named ? "<th class=\"l\">name</th>" : "")
                .append("<th>images</th><th>predicted</th><th>precision</th><th>recall</th><th>F1</th></tr>\n");
        for (ClassMetrics c : m.test().classes()) {
            h.append("<tr><td class=\"l\">").append(escape(c.name())).append("</td>");
            if (named) {
                h.append("<td class=\"l\">").append(escape(c.displayName() == null ? "" : c.displayName()))
                        .append("</td>");
            }
            h.append(String.format(Locale.ROOT, "<td>%d</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n",
                    c.support(), c.predicted(), c.precision(), c.recall(), c.f1()));
        }
        h.append("</table>\n");

        h.append("<h2>Promotion</h2>\n");
        ChampionComparison c = m.champion();
        h.append("<p>").append(c == null ? "There was no champion to compare with."
                : c.accuracy() == null ? escape("Champion version " + c.version() + " could not be re-measured: "
                + c.note())
                : String.format(Locale.ROOT, "Champion version %s re-measured on this test split: accuracy %.4f "
                + "(recorded %.4f on its own split).", escape(c.version()), c.accuracy(), c.recorded()))
                .append("</p>\n");

        h.append("<h2>Hyperparameters</h2>\n<table>\n");
        TrainingParameters p = m.parameters();
        if (p != null) {
            row(h, "architecture", p.architecture());
            row(h, "base model", p.baseModel());
            row(h, "epochs", p.epochs());
            row(h, "batch size", p.batchSize());
            row(h, "learning rate (peak)", d != null && d.learningRateSweep() != null
                    ? p.learningRate() + " (auto: chosen by the range test)" : p.learningRate());
            row(h, "schedule", p.schedule() == null ? "cosine" : p.schedule());
            row(h, "warm-up epochs", p.warmupEpochs());
            row(h, "step epochs", p.stepEpochs());
            row(h, "reduce on plateau after", p.plateauPatience());
            row(h, "early stopping patience", p.earlyStoppingPatience());
            row(h, "augmentation", p.augmentation() == null ? "none" : String.join(", ", p.augmentation()));
            row(h, "fine-tuning epochs", p.fineTuneEpochs());
            row(h, "fine-tuning learning rate", p.fineTuneLearningRate());
            row(h, "image size", p.imageSize());
            row(h, "seed", p.seed());
            row(h, "time budget (s)", p.timeBudgetSeconds());
            row(h, "validation share", d != null && d.validation() != null
                    ? ValidationSlice.SLICE.equals(d.validation().source()) ? d.validation().share()
                    : d.validation().source() : p.validationShare());
            row(h, "optimiser / loss", "Adam / softmax cross-entropy");
        }
        h.append("</table>\n");

        h.append("<h2>Time per stage</h2>\n<table>\n");
        StageTimings t = m.timings();
        if (t != null) {
            row(h, "data loading and preprocessing", ms(t.preprocessingMs()));
            if (t.learningRateFinderMs() > 0) {
                row(h, "learning-rate range test", ms(t.learningRateFinderMs()) + String.format(Locale.ROOT,
                        " (%.1f%% of the job)", 100.0 * t.learningRateFinderMs() / Math.max(1, t.totalMs())));
            }
            row(h, "training", ms(t.trainingMs()));
            row(h, "evaluation (test)", ms(t.evaluationMs()));
            row(h, "champion re-evaluation", ms(t.championEvaluationMs()));
            row(h, "artefact write", ms(t.artifactWriteMs()));
            row(h, "total", ms(t.totalMs()));
        }
        row(h, "throughput", String.format(Locale.ROOT, "%.0f training images/s", m.imagesPerSecond()));
        if (d != null) {
            row(h, "image cache", d.cached()
                    ? String.format(Locale.ROOT, "decoded once, %.1f MB in memory", d.tensorBytes() / 1e6)
                    : String.format(Locale.ROOT, "not cached: %.1f MB exceed the budget of %.1f MB; images were "
                    + "decoded batch by batch", d.tensorBytes() / 1e6, d.cacheBudgetBytes() / 1e6));
        }
        h.append("</table>\n");

        h.append("<h2>Lineage</h2>\n<table>\n");
        row(h, "dataset", m.lineage().dataset());
        row(h, "dataset version", m.lineage().datasetVersion());
        row(h, "manifest digest", m.lineage().datasetDigest());
        row(h, "base model", m.lineage().baseModel() == null ? "none (from scratch)" : m.lineage().baseModel());
        if (m.lineage().baseModelSha256() != null) {
            row(h, "base model sha256", m.lineage().baseModelSha256());
        }
        row(h, "images train / validation / test", m.images().train() + " / " + m.images().validation() + " / "
                + m.images().test());
        row(h, "job", m.lineage().jobId());
        row(h, "trigger", m.lineage().trigger());
        row(h, "started", m.startedAt());
        row(h, "completed", m.completedAt());
        h.append("</table>\n");

        h.append("<h2>Environment</h2>\n<table>\n");
        Environment e = d == null ? null : d.environment();
        if (e != null) {
            row(h, "Java", e.java());
            row(h, "Quarkus", e.quarkus());
            row(h, "DJL", e.djl());
            row(h, "PyTorch", e.pytorch());
            row(h, "device", e.device());
            row(h, "CUDA", e.cuda() == null ? "none (no GPU visible)" : e.cuda());
            row(h, "GPU", e.gpuNames().isEmpty() ? (e.gpus() == 0 ? "none" : e.gpus() + " GPU(s)")
                    : String.join(", ", e.gpuNames()));
            row(h, "CPU", e.cpu() + " (" + e.cores() + " cores available)");
            row(h, "PyTorch threads", e.threads() == null ? "default (one per core)" : e.threads());
            row(h, "OS", e.os());
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** What the curves say, before the curves: the first thing to read after the scores. */
    private static void findings(StringBuilder h, TrainingDetails d) {
        if (d == null || d.findings() == null) {
            return;
        }
        h.append("<h2>Diagnosis</h2>\n");
        if (d.findings().isEmpty()) {
            h.append("<p>The curves show nothing to change: no noise, divergence, plateau, over- or under-fitting"
                    + " (decision 101's thresholds).</p>\n");
            return;
        }
        h.append("<table class=\"findings\"><tr><th class=\"l\">finding</th><th>epoch</th><th class=\"l\">evidence"
                + "</th><th class=\"l\">suggestion</th></tr>\n");
        for (TrainingFinding f : d.findings()) {
            h.append("<tr><td class=\"l warn\">").append(escape(f.kind())).append("</td><td>").append(f.epoch())
                    .append("</td><td class=\"l\">").append(escape(f.evidence())).append("</td><td class=\"l\">")
                    .append(escape(f.suggestion())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void epochs(StringBuilder h, List<EpochMetrics> history) {
        h.append("<table><tr><th>epoch</th><th class=\"l\">phase</th><th>train loss</th><th>train acc</th>"
                + "<th>validation loss</th><th>validation acc</th><th>learning rate</th><th>images/s</th><th>time</th></tr>\n");
        for (EpochMetrics e : history) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td class=\"l\">%s</td><td>%.4f</td><td>%.4f</td>"
                    + "<td>%s</td><td>%s</td><td>%.2e</td><td>%s</td><td>%s</td></tr>%n", e.epoch(),
                    e.phase() == null ? "train" : e.phase(), e.trainLoss(), e.trainAccuracy(),
                    e.validationLoss() == null ? "–" : String.format(Locale.ROOT, "%.4f", e.validationLoss()),
                    e.validationAccuracy() == null ? "–" : String.format(Locale.ROOT, "%.4f", e.validationAccuracy()),
                    e.learningRate(),
                    e.imagesPerSecond() == null ? "–" : String.format(Locale.ROOT, "%.0f", e.imagesPerSecond()),
                    ms(e.durationMs())));
        }
        h.append("</table>\n");
    }

    private static void confusion(StringBuilder h, ModelMetrics m) {
        int[][] matrix = m.test().confusionMatrix();
        List<ClassMetrics> classes = m.test().classes();
        int max = 1;
        for (int[] row : matrix) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        h.append("<table class=\"confusion\"><tr><th class=\"l\">actual ↓ / predicted →</th>");
        // columns stay narrow with the id alone; its name shows on hover and in the row header
        for (ClassMetrics c : classes) {
            h.append(c.displayName() == null ? "<th>" : "<th title=\"" + escape(c.displayName()) + "\">")
                    .append(escape(c.name())).append("</th>");
        }
        h.append("</tr>\n");
        for (int a = 0; a < matrix.length; a++) {
            h.append("<tr><th class=\"l\">").append(escape(classes.get(a).title())).append("</th>");
            for (int p = 0; p < matrix[a].length; p++) {
                int v = matrix[a][p];
                int shade = 255 - (int) Math.round(180.0 * v / max);
                String colour = a == p ? String.format("rgb(%d,255,%d)", shade, shade)
                        : String.format("rgb(255,%d,%d)", shade, shade);
                h.append("<td style=\"background:").append(v == 0 ? "#fff" : colour).append("\">").append(v)
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String name, Object value) {
        h.append("<tr><th class=\"l\">").append(escape(name)).append("</th><td class=\"l\">")
                .append(escape(value == null ? "–" : value.toString())).append("</td></tr>\n");
    }

    private static String ms(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Escapes text for HTML and SVG. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
