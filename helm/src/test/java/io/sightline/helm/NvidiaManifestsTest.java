package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.helm.RenderedChart.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** k8s/nvidia/: what a cluster would accept, and the device plugin facts the GPU guide relies on. */
class NvidiaManifestsTest {

    private static final Path DIR = Path.of(System.getProperty("sightline.nvidia.dir", "../k8s/nvidia"));

    private static Manifest read(String file) throws IOException {
        String yaml = Files.readString(DIR.resolve(file));
        assertThat(StrictModel.problems(yaml)).as(file).isEmpty();
        return RenderedChart.parse(yaml).all().get(0);
    }

    @Test
    void devicePluginIsTheV020DaemonSetOnEveryGpuNode() throws IOException {
        Manifest plugin = read("nvidia-device-plugin.yaml");
        assertThat(plugin.kind()).isEqualTo("DaemonSet");
        assertThat(Trees.at(plugin.tree(), "metadata", "namespace")).isEqualTo("kube-system");
        Map<String, Object> pod = Trees.map(plugin.tree(), "spec", "template", "spec");
        assertThat(pod).containsEntry("priorityClassName", "system-node-critical");
        assertThat(Trees.maps(pod, "tolerations")).contains(
                Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule"));
        Map<String, Object> container = Trees.maps(pod, "containers").get(0);
        assertThat(container).containsEntry("image", "nvcr.io/nvidia/k8s-device-plugin:v0.20.0");
        assertThat(Trees.list(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
        assertThat(Trees.at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(Trees.maps(pod, "volumes")).singleElement().satisfies(volume -> assertThat(
                Trees.at(volume, "hostPath", "path")).isEqualTo("/var/lib/kubelet/device-plugins"));
        assertThat(Trees.maps(container, "volumeMounts")).singleElement().satisfies(mount -> assertThat(
                mount.get("mountPath")).isEqualTo("/var/lib/kubelet/device-plugins"));
    }

    @Test
    void runtimeClassIsNvidia() throws IOException {
        Manifest runtimeClass = read("runtimeclass.yaml");
        assertThat(runtimeClass.apiVersion()).isEqualTo("node.k8s.io/v1");
        assertThat(runtimeClass.name()).isEqualTo("nvidia");
        assertThat(runtimeClass.tree()).containsEntry("handler", "nvidia");
    }

    @Test
    void timeSlicingExampleSharesEachGpuAsWholeNvidiaGpuResources() throws IOException {
        Manifest config = read("time-slicing-config.yaml");
        assertThat(config.kind()).isEqualTo("ConfigMap");
        Map<String, Object> pluginConfig = RenderedChart.tree((String) Trees.at(config.tree(), "data", "config.yaml"));
        assertThat(pluginConfig).containsEntry("version", "v1");
        Map<String, Object> sharing = Trees.map(pluginConfig, "sharing", "timeSlicing");
        assertThat(Trees.maps(sharing, "resources")).singleElement().satisfies(resource -> {
            assertThat(resource).containsEntry("name", "nvidia.com/gpu");
            assertThat(resource.get("replicas")).isInstanceOf(Integer.class);
        });
        assertThat(sharing).containsEntry("renameByDefault", false);
    }
}
