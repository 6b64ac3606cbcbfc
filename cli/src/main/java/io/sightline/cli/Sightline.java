package io.sightline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code sightline}: the root command. Its options are inherited by every subcommand. */
@Command(name = "sightline", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Sightline.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Datasets, training, models and predictions of a Sightline platform, over its REST APIs.",
        subcommands = {DatasetCommand.class, TrainCommand.class, JobCommand.class, ModelsCommand.class,
                ModelCommand.class, PromoteCommand.class, PredictCommand.class, BindingCommand.class, GcCommand.class,
                SweepCommand.class,
                DlqCommand.class, StatusCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok, 1 the operation failed (dataset REJECTED, job FAILED, service error,",
                "    HTTP 409, a delete not confirmed), 2 usage error (also a request the",
                "    server refused as given, HTTP 400/413/415, and a delete without --yes",
                "    where there is no terminal to confirm on),",
                "  3 a service is unreachable, 4 not found.",
                "%nConfiguration, first found wins:",
                "  flags, then SIGHTLINE_DATASET_URL, SIGHTLINE_TRAINER_URL, SIGHTLINE_INFERENCE_URL,",
                "  SIGHTLINE_AUTH_TOKEN, then ~/.sightline/cli.properties (dataset.url, trainer.url,",
                "  inference.url, auth.token), then http://localhost:8081, :8082, :8083."})
public final class Sightline {

    /** How results are printed. */
    enum OutputFormat { text, json }

    @Option(names = "--dataset-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "dataset-service base URL (default http://localhost:8081)")
    String datasetUrl;

    @Option(names = "--trainer-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "trainer-service base URL (default http://localhost:8082)")
    String trainerUrl;

    @Option(names = "--inference-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "inference-service base URL (default http://localhost:8083)")
    String inferenceUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "bearer token (prefer SIGHTLINE_AUTH_TOKEN: a flag shows in the process list)")
    String token;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "configuration file (default ${SIGHTLINE_HOME:-~/.sightline}/cli.properties)")
    Path configFile;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "text (default) or json: one JSON document on stdout, nothing else")
    OutputFormat output = OutputFormat.text;

    @Option(names = "--progress", scope = ScopeType.INHERIT, negatable = true,
            description = "draw progress on stderr (default: only when stderr is a terminal)")
    Boolean progress;

    private final CliEnvironment environment;
    private CliConfig config;
    private Api api;

    Sightline(CliEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(CliEnvironment.system()).execute(args));
    }

    /**
     * Runs one command in this JVM with the given environment variables and writers in place of the process's
     * (for embedding, and for tests against a running stack); progress is not drawn unless asked for.
     *
     * @return the exit code (0 ok, 1 failed, 2 usage, 3 unreachable, 4 not found)
     */
    public static int execute(Map<String, String> variables, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(new CliEnvironment(Map.copyOf(variables),
                Path.of(System.getProperty("user.home")), false, java.time.Duration.ofMillis(250)));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /** The command line, ready to execute, with the exit codes of {@link ExitCodes}. */
    static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new Sightline(environment));
        commandLine.setExecutionExceptionHandler(Sightline::handle);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        Sightline root = (Sightline) command.getCommandSpec().root().userObject();
        int code;
        String message;
        if (e instanceof CliException cli) {
            code = cli.exitCode();
            message = cli.getMessage();
            if (code == ExitCodes.USAGE && !message.contains("(HTTP ")) {
                message += "\nTry '" + command.getCommandSpec().qualifiedName() + " --help'.";
            }
        } else {
            code = ExitCodes.FAILED;
            message = "unexpected error: " + e;
        }
        PrintWriter err = command.getErr();
        err.println("sightline: " + message);
        err.flush();
        if (root.output == OutputFormat.json) {
            PrintWriter out = command.getOut();
            out.println(ServiceClient.JSON.createObjectNode().put("error", message).put("exitCode", code)
                    .toPrettyString());
            out.flush();
        }
        return code;
    }

    /** The configuration this run resolved (flags, environment, file, defaults). */
    CliConfig config() {
        if (config == null) {
            Map<Service, String> urls = new EnumMap<>(Service.class);
            urls.put(Service.DATASET, datasetUrl);
            urls.put(Service.TRAINER, trainerUrl);
            urls.put(Service.INFERENCE, inferenceUrl);
            config = CliConfig.resolve(new CliConfig.Flags(urls, token, configFile), environment);
        }
        return config;
    }

    Api api() {
        if (api == null) {
            api = new Api(config());
        }
        return api;
    }

    CliEnvironment environment() {
        return environment;
    }

    Output output(CommandSpec spec) {
        boolean showProgress = progress != null ? progress : environment.stderrTty();
        return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), output == OutputFormat.json,
                showProgress, environment.stderrTty());
    }

    /** The root of the command a subcommand belongs to. */
    static Sightline of(CommandSpec spec) {
        return (Sightline) spec.root().userObject();
    }

    /** Sleeps between two polls; an interrupt (Ctrl-C) ends the command. */
    void pause() {
        try {
            Thread.sleep(environment.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Sightline.class.getPackage().getImplementationVersion();
            return new String[] {"sightline " + (version == null ? "dev" : version)};
        }
    }
}
