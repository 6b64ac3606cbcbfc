package io.sightline.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the services are and the token to send, each value from the first place that has it: a command line
 * flag, an environment variable, the configuration file, the default ({@code http://localhost:8081/8082/8083},
 * no token).
 *
 * @param urls        base URL of every service
 * @param token       bearer token, when one is configured
 * @param origins     where each value came from ({@code flag --trainer-url}, {@code env SIGHTLINE_TRAINER_URL},
 *                    {@code file /home/me/.sightline/cli.properties}, {@code default}), keyed by property name
 * @param configFile  the configuration file looked at (it may not exist)
 */
record CliConfig(Map<Service, URI> urls, Optional<String> token, Map<String, String> origins, Path configFile) {

    static final String TOKEN_VARIABLE = "SIGHTLINE_AUTH_TOKEN";
    static final String TOKEN_PROPERTY = "auth.token";
    static final String CONFIG_VARIABLE = "SIGHTLINE_CLI_CONFIG";

    /** What the command line said; null where it said nothing. */
    record Flags(Map<Service, String> urls, String token, Path configFile) {
    }

    URI url(Service service) {
        return urls.get(service);
    }

    static CliConfig resolve(Flags flags, CliEnvironment env) {
        Path file = configFile(flags, env);
        Properties properties = load(file, flags.configFile() != null || env.variable(CONFIG_VARIABLE) != null);
        Map<Service, URI> urls = new EnumMap<>(Service.class);
        Map<String, String> origins = new java.util.LinkedHashMap<>();
        for (Service service : Service.values()) {
            String value;
            String origin;
            if (flags.urls().get(service) != null && !flags.urls().get(service).isBlank()) {
                value = flags.urls().get(service).trim();
                origin = "flag " + service.flag();
            } else if (env.variable(service.variable()) != null) {
                value = env.variable(service.variable());
                origin = "env " + service.variable();
            } else if (properties.getProperty(service.property(), "").isBlank()) {
                value = service.defaultUrl();
                origin = "default";
            } else {
                value = properties.getProperty(service.property()).trim();
                origin = "file " + file;
            }
            urls.put(service, baseUrl(value, origin));
            origins.put(service.property(), origin);
        }
        String token;
        if (flags.token() != null && !flags.token().isBlank()) {
            token = flags.token().trim();
            origins.put(TOKEN_PROPERTY, "flag --token");
        } else if (env.variable(TOKEN_VARIABLE) != null) {
            token = env.variable(TOKEN_VARIABLE);
            origins.put(TOKEN_PROPERTY, "env " + TOKEN_VARIABLE);
        } else if (!properties.getProperty(TOKEN_PROPERTY, "").isBlank()) {
            token = properties.getProperty(TOKEN_PROPERTY).trim();
            origins.put(TOKEN_PROPERTY, "file " + file);
        } else {
            token = null;
            origins.put(TOKEN_PROPERTY, "none");
        }
        return new CliConfig(urls, Optional.ofNullable(token), origins, file);
    }

    /** {@code --config}, else {@code SIGHTLINE_CLI_CONFIG}, else {@code ${SIGHTLINE_HOME:-~/.sightline}/cli.properties}. */
    private static Path configFile(Flags flags, CliEnvironment env) {
        if (flags.configFile() != null) {
            return flags.configFile();
        }
        if (env.variable(CONFIG_VARIABLE) != null) {
            return Path.of(env.variable(CONFIG_VARIABLE));
        }
        Path home = env.variable("SIGHTLINE_HOME") != null ? Path.of(env.variable("SIGHTLINE_HOME"))
                : env.home().resolve(".sightline");
        return home.resolve("cli.properties");
    }

    private static Properties load(Path file, boolean named) {
        Properties properties = new Properties();
        if (!Files.isRegularFile(file)) {
            if (named) {
                throw CliException.usage("configuration file " + file + " does not exist");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Set<String> known = new TreeSet<>(Set.of(TOKEN_PROPERTY));
        for (Service service : Service.values()) {
            known.add(service.property());
        }
        for (String key : properties.stringPropertyNames()) {
            if (!known.contains(key)) {
                // a typo would otherwise pass silently and the command talk to the default URL
                throw CliException.usage("unknown key '" + key + "' in " + file + " (known: " + String.join(", ", known)
                        + ")");
            }
        }
        return properties;
    }

    private static URI baseUrl(String value, String origin) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw CliException.usage("'" + value + "' (" + origin + ") is not an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage("'" + value + "' (" + origin + ") is not a URL: " + e.getReason());
        }
    }
}
