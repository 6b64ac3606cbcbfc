package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline model canary MODEL VERSION --percent P | --rollback}. */
@Command(name = "canary", description = {"Answer a share of a model's requests with another version (a canary),"
        + " or roll it back.",
        "Callers sending X-Sightline-Request-Key stay on one side. sightline promote MODEL VERSION ends the canary."})
final class ModelCanary implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @ArgGroup(multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--percent", paramLabel = "P", description = "share of requests for VERSION, 1 to 99")
        Integer percent;

        @Option(names = "--rollback", description = "end the canary: the champion answers everything again")
        boolean rollback;
    }

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        String path = "/models/" + ServiceClient.segment(model) + "/versions/" + ServiceClient.segment(version)
                + "/canary";
        JsonNode answer = action.rollback
                ? root.api().trainer().delete(path, status -> status == 404 ? "No canary of that version." : null)
                : root.api().trainer().postJson(path, ServiceClient.JSON.createObjectNode()
                        .put("percent", action.percent));
        output.log(action.rollback ? "model " + model + ": canary " + version + " rolled back"
                : "model " + model + ": version " + version + " answers " + action.percent + "% of requests");
        output.result(answer);
        return ExitCodes.OK;
    }
}
