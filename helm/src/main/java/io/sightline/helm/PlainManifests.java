package io.sightline.helm;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders {@code k8s/sightline.yaml}: the chart with its default values plus {@value #VALUES} (the chart refuses
 * to render without an identity; that file names the Secret of hashed tokens), as {@code kubectl apply -f} takes it.
 * The drift test compares the committed file with {@link #render(Path)}; {@link #main(String[])} rewrites it.
 */
public final class PlainManifests {

    /** Release name the plain manifests are rendered for: resource names start with it. */
    public static final String RELEASE = "sightline";

    /** Namespace the plain manifests are rendered for (only ServiceMonitors name it, and they are off). */
    public static final String NAMESPACE = "sightline";

    /** Values on top of the defaults, relative to the chart: an identity, which the defaults leave out on purpose. */
    public static final String VALUES = "ci/default-values.yaml";

    /** The command that regenerates the file, from the repository root. */
    public static final String REGENERATE = "helm/render-k8s";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    // `helm test` pods are hooks: useless, and left running, when applied as plain manifests
    private static final String TEST_SOURCE = "# Source: sightline/templates/tests/";

    private PlainManifests() {
    }

    /** The file's content: a generated-file header, then every rendered document but the test hooks. */
    public static String render(Path chartDir) {
        String rendered = new Helm(chartDir).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(chartDir.resolve(VALUES))
                .call();
        List<String> documents = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
            String trimmed = document.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith(TEST_SOURCE)) {
                documents.add(trimmed);
            }
        }
        return header() + "---\n" + String.join("\n---\n", documents) + "\n";
    }

    static String header() {
        return """
                # GENERATED FILE - do not edit. The sightline Helm chart (helm/sightline) rendered with its default
                # values and helm/sightline/%s for release "%s" (test hooks left out), to apply without Helm.
                # The services take callers' tokens, stored hashed, from Secret sightline-auth (docs/security.md):
                #   kubectl create namespace %s
                #   kubectl -n %s create secret generic sightline-auth \\
                #     --from-literal=tokens="ci:$(printf %%s "$TOKEN" | sha256sum | cut -d' ' -f1):read+predict+write"
                #   kubectl -n %s apply -f k8s/sightline.yaml
                # Regenerate after changing the chart: %s
                #   (the same as ./mvnw -B -q -pl helm -Prender-k8s process-classes)
                # The helm module's tests fail when this file and the chart disagree.
                """.formatted(VALUES, RELEASE, NAMESPACE, NAMESPACE, NAMESPACE, REGENERATE);
    }

    /** Arguments: the chart directory and the file to write. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PlainManifests <chart dir> <output file>");
        }
        Path output = Path.of(args[1]).toAbsolutePath().normalize();
        Files.createDirectories(output.getParent());
        Files.writeString(output, render(Path.of(args[0])), StandardCharsets.UTF_8);
        System.out.println("wrote " + output);
    }
}
