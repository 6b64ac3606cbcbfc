package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline model rm}: the registry's changes that are not a promotion ({@code models} lists). */
@Command(name = "model", description = "Delete model versions, start or roll back a canary (trainer-service); list them"
        + " with sightline models.",
        subcommands = {ModelCommand.Remove.class, ModelCanary.class})
final class ModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "rm", aliases = "delete", description = {"Delete a model version, or a model with every version.",
            "The version that serves (the champion) is refused unless --force, which needs an admin token; the"
                    + " inference-service then serves the new champion, or unloads the model when none is left.",
            "Deleted version numbers are never handed out again.",
            "Asks for confirmation on a terminal; --yes to skip it (required in scripts)."})
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME[:VERSION]", description = "a model, or one version of it")
        String target;

        @Option(names = "--force", description = "delete even the serving champion (admin role)")
        boolean force;

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            NameVersion what = NameVersion.parse(target);
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            confirmation.require(root, "Delete " + what.describe("model")
                    + (what.version() == null ? " and every version of it" : "")
                    + (force ? ", even if it serves" : "") + "?");
            JsonNode answer = root.api().trainer().delete(what.path("models") + (force ? "?force=true" : ""),
                    this::hint);
            output.result(answer);
            output.line(what.describe("model") + (what.version() == null ? " deleted (every version)" : " deleted")
                    + DatasetRemove.freed(answer));
            return ExitCodes.OK;
        }

        private String hint(int status) {
            if (status == 409 && !force) {
                return "Promote another version first (sightline promote MODEL VERSION), or pass --force with a token"
                        + " that holds the admin role.";
            }
            return status == 403 && force ? "--force needs a token with the admin role." : null;
        }
    }
}
