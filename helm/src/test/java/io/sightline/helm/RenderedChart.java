package io.sightline.helm;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart rendered through the real Helm library, split into documents. */
final class RenderedChart {

    static final Path CHART = Path.of(System.getProperty("sightline.chart.dir", "sightline")).toAbsolutePath();
    static final String RELEASE = "sightline";

    // one native Helm for the whole test JVM: the first call loads it (~1.7 s), later ones take milliseconds
    private static final Helm HELM = new Helm(CHART);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: sightline/(\\S+)");

    private final List<Manifest> manifests;

    private RenderedChart(List<Manifest> manifests) {
        this.manifests = manifests;
    }

    /** One rendered document: the template it came from, its text and its parsed tree. */
    record Manifest(String source, String yaml, Map<String, Object> tree) {

        String kind() {
            return (String) tree.get("kind");
        }

        String apiVersion() {
            return (String) tree.get("apiVersion");
        }

        String name() {
            return (String) Trees.at(tree, "metadata", "name");
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + source + ")";
        }
    }

    static Helm helm() {
        return HELM;
    }

    /** The chart with a ci/ values file ({@code null}: defaults only) and {@code --set} pairs on top. */
    static RenderedChart render(Path valuesFile, String... sets) {
        var command = HELM.template().withName(RELEASE).withNamespace("sightline");
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            command = command.set(set.substring(0, eq), set.substring(eq + 1));
        }
        return parse(command.call());
    }

    static RenderedChart render(String ciName, String... sets) {
        return render(ciValues(ciName), sets);
    }

    static Path ciValues(String name) {
        return CHART.resolve("ci").resolve(name + "-values.yaml");
    }

    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ci/ values file as a tree, to know what its rendering must show. */
    static Map<String, Object> readValues(Path valuesFile) {
        try {
            return tree(Files.readString(valuesFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RenderedChart parse(String rendered) {
        List<Manifest> manifests = new ArrayList<>();
        for (String document : SEPARATOR.split(rendered)) {
            Map<String, Object> tree = tree(document);
            if (tree.isEmpty()) {
                continue;
            }
            Matcher source = SOURCE.matcher(document);
            manifests.add(new Manifest(source.find() ? source.group(1) : "?", document.strip(), tree));
        }
        return new RenderedChart(manifests);
    }

    /** A YAML document as a tree; empty for a document of comments only. */
    static Map<String, Object> tree(String document) {
        boolean content = document.lines().anyMatch(line -> !line.isBlank() && !line.stripLeading().startsWith("#"));
        if (!content) {
            return Map.of();
        }
        Map<String, Object> tree = YAML.readValue(document, new TypeReference<Map<String, Object>>() { });
        return tree == null ? Map.of() : tree;
    }

    List<Manifest> all() {
        return manifests;
    }

    List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.kind())).toList();
    }

    Optional<Manifest> find(String kind, String name) {
        return manifests.stream().filter(m -> kind.equals(m.kind()) && name.equals(m.name())).findFirst();
    }

    Manifest get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + manifests));
    }

    /** Deployments and test pods: everything that runs containers. */
    List<Manifest> workloads() {
        return manifests.stream().filter(m -> m.kind().equals("Deployment") || m.kind().equals("Pod")).toList();
    }
}
