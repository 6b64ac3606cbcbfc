package io.sightline.helm;

import static io.sightline.helm.CiValuesTest.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/docker/: no image is built here (no Docker), so these read the build files and hold them to what the
 * chart and the build assume: the fast-jar layout, the user and the ports the chart runs with, pinned base
 * images, a CUDA image whose libtorch matches DJL's JNI glue, and a class-data archive where the chart points the JVM.
 */
class DockerfilesTest {

    private static final Path DIR = Path.of(System.getProperty("sightline.docker.dir", "../deploy/docker"));
    /** The ports each service listens on, as the chart declares them: inference also serves gRPC on 8001. */
    private static final Map<String, List<String>> PORTS = Map.of("dataset-service", List.of("8081"),
            "trainer-service", List.of("8082"), "inference-service", List.of("8083", "8001"));
    /** The chart's values key and Deployment of each service. */
    private static final Map<String, List<String>> CHART_NAMES = Map.of(
            "dataset-service", List.of("dataset", "sightline-dataset"),
            "trainer-service", List.of("trainer", "sightline-trainer"),
            "inference-service", List.of("inference", "sightline-inference"));
    /** The step that writes the archive: the script bind-mounted from the context, run on the image's jar. */
    private static final Pattern ARCHIVE_RUN = Pattern.compile("RUN --mount=type=bind,source=deploy/docker/app-cds\\.sh,"
            + "target=(\\S+) \\\\\\s+sh \\1 /deployments/quarkus-run\\.jar (\\S+)");

    static Stream<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            return files.filter(f -> f.getFileName().toString().matches("Dockerfile\\.(jvm|cuda)")).sorted().toList().stream();
        }
    }

    @Test
    void everyServiceHasAJvmImageAndTheTrainerACudaOne() {
        PORTS.keySet().forEach(service -> assertThat(DIR.resolve(service).resolve("Dockerfile.jvm")).exists());
        assertThat(DIR.resolve("trainer-service/Dockerfile.cuda")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void runsTheFastJarAsTheChartsNonRootUserOnTheChartsPort(Path dockerfile) throws IOException {
        String service = dockerfile.getParent().getFileName().toString();
        String text = Files.readString(dockerfile);
        List<String> from = lines(text, "FROM ");
        assertThat(from).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(":latest"));
        assertThat(lines(text, "ARG BASE_IMAGE=")).singleElement().asString().matches("ARG BASE_IMAGE=\\S+:[0-9][\\w.-]*");
        assertThat(lines(text, "USER ")).last().isEqualTo("USER 185");
        assertThat(RenderedChart.readValues(RenderedChart.CHART.resolve("values.yaml")))
                .extracting(values -> Trees.at(values, "podSecurityContext", "runAsUser")).isEqualTo(185);
        assertThat(lines(text, "EXPOSE ")).flatMap(line -> List.of(line.substring("EXPOSE ".length()).split("\\s+")))
                .containsExactlyInAnyOrderElementsOf(PORTS.get(service));
        assertThat(text).contains("WORKDIR /deployments")
                .contains("COPY --chown=185:0 " + service + "/target/quarkus-app/lib/ /deployments/lib/")
                .contains("COPY --chown=185:0 " + service + "/target/quarkus-app/app/ /deployments/app/")
                .contains("COPY --chown=185:0 " + service + "/target/quarkus-app/quarkus/ /deployments/quarkus/")
                .contains("\"/deployments/quarkus-run.jar\"");
        String ignore = Files.readString(dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore"));
        assertThat(ignore.lines()).contains("*", "!" + service + "/target/quarkus-app/");
    }

    @Test
    void cudaImageBundlesTheLibtorchDjlHasJniGlueFor() throws IOException {
        String text = Files.readString(DIR.resolve("trainer-service/Dockerfile.cuda"));
        String version = env(text, "PYTORCH_VERSION");
        String flavor = env(text, "PYTORCH_FLAVOR");
        assertThat(version).isEqualTo(System.getProperty("sightline.pytorch.version", "2.7.1"));
        assertThat(env(text, "PYTORCH_LIBRARY_PATH")).isEqualTo("/opt/libtorch/lib");
        assertThat(lines(text, "ARG LIBTORCH_URL=")).singleElement().asString()
                .contains("/" + flavor + "/").contains(version + "%2B" + flavor + ".zip");
        String glue = "jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so";
        assertThat(getClass().getClassLoader().getResource(glue))
                .as("ai.djl.pytorch:pytorch-jni ships %s", glue).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void writesTheClassDataArchiveTheChartStartsTheJvmWith(Path dockerfile) throws IOException {
        String service = dockerfile.getParent().getFileName().toString();
        String text = Files.readString(dockerfile);
        Matcher run = ARCHIVE_RUN.matcher(text);
        assertThat(run.find()).as("%s runs deploy/docker/app-cds.sh on the image's jar", dockerfile).isTrue();
        // before the last USER line: the archive is written at build, the service still runs as 185
        assertThat(run.start()).isLessThan(text.lastIndexOf("USER 185"));
        assertThat(DIR.resolve("app-cds.sh")).exists();
        String ignore = Files.readString(dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore"));
        assertThat(ignore.lines()).contains("!deploy/docker/app-cds.sh");

        String flags = "-XX:SharedArchiveFile=" + run.group(2) + " -Xshare:auto";
        String key = CHART_NAMES.get(service).get(0);
        String deployment = CHART_NAMES.get(service).get(1);
        assertThat(javaToolOptions(RenderedChart.render("default"), deployment)).startsWith(flags + " ");
        assertThat(javaToolOptions(RenderedChart.render("default", key + ".classDataSharing=false"), deployment))
                .doesNotContain("SharedArchiveFile").doesNotContain("Xshare");
    }

    private static String javaToolOptions(RenderedChart chart, String deployment) {
        Map<String, Object> container = Trees.maps(podSpec(chart.get("Deployment", deployment)), "containers").get(0);
        return CiValuesTest.env(container).get("JAVA_TOOL_OPTIONS");
    }

    private static List<String> lines(String dockerfile, String prefix) {
        return dockerfile.lines().map(String::strip).filter(line -> line.startsWith(prefix)).toList();
    }

    private static String env(String dockerfile, String name) {
        Matcher matcher = Pattern.compile("\\b" + name + "=(\\S+)").matcher(dockerfile);
        assertThat(matcher.find()).as("%s is set", name).isTrue();
        return matcher.group(1);
    }
}
