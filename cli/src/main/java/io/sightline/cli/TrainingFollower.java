package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Follows a training job by polling {@code GET /training-jobs/{id}}: a line per epoch, a bar with the ETA. */
final class TrainingFollower {

    private static final long PROMOTION_WAIT_NANOS = 15_000_000_000L;

    private final Sightline root;
    private final ServiceClient trainer;
    private final Output output;

    TrainingFollower(Sightline root, ServiceClient trainer, Output output) {
        this.root = root;
        this.trainer = trainer;
        this.output = output;
    }

    /** Polls until the job is COMPLETED, FAILED or CANCELLED; returns it then. */
    JsonNode follow(String jobId) {
        String path = "/training-jobs/" + ServiceClient.segment(jobId);
        int printed = 0;
        String status = "";
        long lastEpochSeen = System.nanoTime();
        long completedSeen = 0;
        try (ProgressLine bar = output.progress()) {
            while (true) {
                JsonNode job = trainer.get(path);
                JsonNode epochs = job.path("epochs");
                if (!status.equals(job.path("status").asText())) {
                    status = job.path("status").asText();
                    if (status.equals("RUNNING")) {
                        bar.clear();
                        output.log("running on " + Format.text(job.path("worker")) + ": "
                                + parameters(job.path("parameters")));
                    }
                }
                while (printed < epochs.size()) {
                    bar.clear();
                    output.log(epochLine(epochs.get(printed)));
                    printed++;
                    lastEpochSeen = System.nanoTime();
                }
                if (status.equals("FAILED") || status.equals("CANCELLED")
                        || status.equals("COMPLETED") && promotionDecided(job)) {
                    return job;
                }
                if (status.equals("COMPLETED")) {
                    // the version is published before the gate decides; wait a little for the decision
                    if (completedSeen == 0) {
                        completedSeen = System.nanoTime();
                    } else if (System.nanoTime() - completedSeen > PROMOTION_WAIT_NANOS) {
                        return job;
                    }
                    bar.update("promotion", "completed: waiting for the promotion decision …");
                    root.pause();
                    continue;
                }
                int total = totalEpochs(job);
                long sinceLast = (System.nanoTime() - lastEpochSeen) / 1_000_000;
                bar.update(status + printed, status.equals("QUEUED") ? "queued: waiting for a trainer worker …"
                        : String.format(Locale.ROOT, "epoch %d/%d %s %s", Math.min(printed + 1, total), total,
                        ProgressLine.bar(printed, total), eta(epochs, total, sinceLast)));
                root.pause();
            }
        }
    }

    private static boolean promotionDecided(JsonNode job) {
        return job.path("promoted").isBoolean();
    }

    static int totalEpochs(JsonNode job) {
        JsonNode epochs = job.path("epochs");
        if (epochs.size() > 0) {
            return epochs.get(epochs.size() - 1).path("epochs").asInt();
        }
        return job.path("parameters").path("epochs").asInt(0);
    }

    /**
     * The time left: the mean duration of the finished epochs times the epochs to go, less what the current
     * one has already run. Nothing before the first epoch ends (decoding the images takes an unknown time).
     */
    static String eta(JsonNode epochs, int total, long msSinceLastEpoch) {
        if (epochs.size() == 0 || total <= epochs.size()) {
            return "";
        }
        long sum = 0;
        for (JsonNode e : epochs) {
            sum += e.path("durationMs").asLong();
        }
        long mean = sum / epochs.size();
        long left = Math.max(0, mean * (total - epochs.size()) - msSinceLastEpoch);
        return "ETA " + Format.duration(left);
    }

    /** {@code epoch 3/8  loss 0.4122  acc 0.861  val loss 0.3010  val acc 0.902  lr 0.001  5.8 s}. */
    static String epochLine(JsonNode e) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %s  acc %s",
                e.path("epoch").asInt(), e.path("epochs").asInt(), Format.decimal(e.path("trainLoss"), 4),
                Format.decimal(e.path("trainAccuracy"), 3)));
        if (e.path("validationLoss").isNumber() || e.path("validationAccuracy").isNumber()) {
            line.append("  val loss ").append(Format.decimal(e.path("validationLoss"), 4))
                    .append("  val acc ").append(Format.decimal(e.path("validationAccuracy"), 3));
        }
        if (e.path("learningRate").isNumber()) {
            line.append("  lr ").append(String.format(Locale.ROOT, "%.3g", e.path("learningRate").asDouble()));
        }
        line.append("  ").append(Format.duration(e.path("durationMs").asLong()));
        if (e.path("imagesPerSecond").isNumber()) {
            line.append(String.format(Locale.ROOT, "  %.0f img/s", e.path("imagesPerSecond").asDouble()));
        }
        if (e.path("phase").isTextual() && !"train".equals(e.path("phase").asText())) {
            line.append("  (").append(e.path("phase").asText()).append(")");
        }
        return line.toString();
    }

    static String parameters(JsonNode p) {
        if (!p.isObject()) {
            return "";
        }
        StringBuilder text = new StringBuilder(Format.text(p.path("architecture")));
        if (p.path("baseModel").isTextual()) {
            text.append(" from ").append(p.path("baseModel").asText());
        }
        text.append(", ").append(p.path("epochs").asInt()).append(" epochs, batch ").append(p.path("batchSize").asInt())
                .append(", lr ").append(p.path("learningRateAuto").asBoolean() && p.path("learningRate").asDouble() == 0
                        ? "auto (range test)" : Format.text(p.path("learningRate")));
        if (p.path("imageSize").asInt() > 0) {
            text.append(", ").append(p.path("imageSize").asInt()).append(" px");
        }
        text.append(", seed ").append(Format.text(p.path("seed")));
        return text.toString();
    }

    /** What came of the job, for people. */
    static List<String> outcome(JsonNode job) {
        List<String> lines = new ArrayList<>();
        long took = Format.between(job.path("startedAt"), job.path("finishedAt"));
        String in = took >= 0 ? " in " + Format.duration(took) : "";
        if ("COMPLETED".equals(job.path("status").asText())) {
            lines.add("COMPLETED" + in + ": model " + job.path("model").asText() + " version "
                    + job.path("modelVersion").asText() + ", test accuracy " + Format.decimal(job.path("testAccuracy"), 3)
                    + ", test loss " + Format.decimal(job.path("testLoss"), 4));
            String promotion = !job.path("promoted").isBoolean() ? "promotion not decided yet"
                    : job.path("promoted").asBoolean() ? "promoted" : "not promoted";
            lines.add(promotion + (job.path("promotion").isTextual() ? ": " + job.path("promotion").asText() : ""));
        } else {
            lines.add(job.path("status").asText("FAILED") + in + ": " + Format.text(job.path("reason")));
        }
        lines.addAll(findings(job));
        return lines;
    }

    /**
     * What the curves say (decision 101), a line each: {@code finding noisy at epoch 3: <evidence>; suggestion:
     * <suggestion>}; {@code no findings: the curves look healthy} for a completed job that has none.
     */
    static List<String> findings(JsonNode job) {
        List<String> lines = new ArrayList<>();
        JsonNode findings = job.path("findings");
        for (JsonNode f : findings) {
            lines.add("finding " + Format.text(f.path("kind")) + " at epoch " + f.path("epoch").asInt() + ": "
                    + Format.text(f.path("evidence")) + "; suggestion: " + Format.text(f.path("suggestion")));
        }
        if (findings.isArray() && findings.isEmpty() && "COMPLETED".equals(job.path("status").asText())) {
            lines.add("no findings: the curves show no noise, divergence, plateau, over- or under-fitting");
        }
        return lines;
    }

    /**
     * Where the run's report is: the trainer's {@code /training-jobs/{id}/report} when it answers, else the model
     * version's folder in the artefact store (report.html, curves.svg, metrics.json).
     */
    static String reportLocation(Api api, JsonNode job) {
        ServiceClient trainer = api.trainer();
        String report = "/training-jobs/" + ServiceClient.segment(job.path("jobId").asText()) + "/report";
        try {
            if (trainer.send(trainer.request(report).header("Accept", "text/html").GET()).ok()) {
                return trainer.uri(report).toString();
            }
        } catch (CliException unreachable) {
            // the store location below still helps
        }
        String model = job.path("model").asText();
        String version = job.path("modelVersion").asText();
        String key = "models/" + model + "/" + version;
        try {
            for (JsonNode v : trainer.get("/models/" + ServiceClient.segment(model)).path("versions")) {
                if (version.equals(v.path("version").asText()) && v.path("artifactKey").isTextual()) {
                    key = v.path("artifactKey").asText();
                }
            }
        } catch (CliException e) {
            // keep the conventional key
        }
        return key + "/report.html in the artefact store (sightline.store.uri)";
    }
}
