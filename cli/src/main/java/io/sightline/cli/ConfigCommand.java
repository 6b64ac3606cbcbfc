package io.sightline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sightline config}: the configuration in force and where each value came from. */
@Command(name = "config", description = "Show the service URLs and token in force, and where each came from"
        + " (flag, environment, file, default). The token itself is never printed.")
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Sightline root = Sightline.of(spec);
        Output output = root.output(spec);
        CliConfig config = root.config();
        ObjectNode result = ServiceClient.JSON.createObjectNode();
        result.put("configFile", config.configFile().toString());
        List<List<String>> rows = new ArrayList<>();
        for (Service service : Service.values()) {
            String url = config.url(service).toString();
            String origin = config.origins().get(service.property());
            result.putObject(service.property()).put("value", url).put("origin", origin);
            rows.add(List.of(service.property(), url, origin));
        }
        String tokenOrigin = config.origins().get(CliConfig.TOKEN_PROPERTY);
        result.putObject(CliConfig.TOKEN_PROPERTY).put("set", config.token().isPresent()).put("origin", tokenOrigin);
        rows.add(List.of(CliConfig.TOKEN_PROPERTY, config.token().isPresent() ? "(set)" : "(none)", tokenOrigin));
        output.result(result);
        output.line("configuration file: " + config.configFile());
        Format.table(List.of("KEY", "VALUE", "FROM"), rows).forEach(output::line);
        return ExitCodes.OK;
    }
}
