package io.sightline.cli;

/** The three services the command talks to, with everything an error message about one of them needs. */
enum Service {
    DATASET("dataset-service", "dataset", 8081),
    TRAINER("trainer-service", "trainer", 8082),
    INFERENCE("inference-service", "inference", 8083);

    private final String module;
    private final String key;
    private final int defaultPort;

    Service(String module, String key, int defaultPort) {
        this.module = module;
        this.key = key;
        this.defaultPort = defaultPort;
    }

    /** The service's name, as its module and its log call it. */
    String module() {
        return module;
    }

    /** The command line flag of its base URL. */
    String flag() {
        return "--" + key + "-url";
    }

    /** The environment variable of its base URL. */
    String variable() {
        return "SIGHTLINE_" + key.toUpperCase(java.util.Locale.ROOT) + "_URL";
    }

    /** The key of its base URL in {@code cli.properties}. */
    String property() {
        return key + ".url";
    }

    String defaultUrl() {
        return "http://localhost:" + defaultPort;
    }

    /** How to start it from a checkout. */
    String startCommand() {
        return "java -jar " + module + "/target/quarkus-app/quarkus-run.jar";
    }
}
