package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline promote MODEL VERSION}: make a version the champion (also a rollback). */
@Command(name = "promote", description = {"Make an existing model version the served one (also to roll back).",
        "With --wait: until the inference-service serves it."})
final class PromoteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Option(names = "--wait", description = "wait until the inference-service serves the version")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "how long --wait waits (default ${DEFAULT-VALUE})")
    long waitSeconds;

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        JsonNode promoted = root.api().trainer().postJson("/models/" + ServiceClient.segment(model) + "/versions/"
                + ServiceClient.segment(version) + "/promote", ServiceClient.JSON.createObjectNode());
        output.log("model " + model + " version " + version + " promoted (test accuracy "
                + Format.decimal(promoted.path("testAccuracy"), 3) + ", event " + Format.text(promoted.path("eventId"))
                + ")");
        if (await) {
            awaitServing(root, output);
        }
        output.result(promoted);
        return ExitCodes.OK;
    }

    private void awaitServing(Sightline root, Output output) {
        ServiceClient inference = root.api().inference();
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        try (ProgressLine bar = output.progress()) {
            while (true) {
                ServiceClient.Reply reply = inference.send(inference.request("/models/" + ServiceClient.segment(model)).GET());
                JsonNode status = reply.json();
                if (reply.ok() && version.equals(status.path("servingVersion").asText())
                        && "SERVING".equals(status.path("state").asText())) {
                    bar.clear();
                    output.log("inference-service serves " + model + " version " + version);
                    return;
                }
                JsonNode error = status.path("lastError");
                if (reply.ok() && "FAILED".equals(status.path("state").asText())
                        && version.equals(error.path("version").asText())) {
                    throw CliException.failed("inference-service could not load " + model + " version " + version + ": "
                            + Format.text(error.path("message")));
                }
                if (!reply.ok() && reply.status() != 404) {
                    throw inference.failure(reply);
                }
                if (System.nanoTime() > deadline) {
                    throw CliException.failed("inference-service did not serve " + model + " version " + version
                            + " within " + waitSeconds + " s (state " + Format.text(status.path("state")) + ")");
                }
                bar.update("wait", "waiting for the inference-service to load version " + version + " …");
                root.pause();
            }
        }
    }
}
