package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart README's values table keeps up with values.yaml. */
class ChartReadmeTest {

    @Test
    void everyValueIsInTheReadmeTable() throws IOException {
        String readme = Files.readString(RenderedChart.CHART.resolve("README.md"));
        List<String> leaves = new ArrayList<>();
        collectLeaves(RenderedChart.readValues(RenderedChart.CHART.resolve("values.yaml")), "", leaves);
        assertThat(leaves).isNotEmpty().allSatisfy(leaf -> assertThat(documentedAt(readme, leaf))
                .as("README row for %s (or for an enclosing key)", leaf).isTrue());
    }

    private static boolean documentedAt(String readme, String path) {
        for (String key = path; !key.isEmpty(); key = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "") {
            if (readme.contains("| `" + key + "` |")) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void collectLeaves(Map<String, Object> tree, String prefix, List<String> leaves) {
        tree.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                collectLeaves((Map<String, Object>) map, path + ".", leaves);
            } else {
                leaves.add(path);
            }
        });
    }
}
