package io.sightline.dataset.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.dataset.source.InvalidImportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadQueryTest {

    @TempDir
    Path root;

    @Test
    void aWellFormedSourceNamesModelLabelsAndRange() throws Exception {
        Path labels = Files.writeString(root.resolve("labels.csv"), "a,cat\n");

        PayloadQuery query = PayloadQuery.parse("payloads:pets?labels=" + labels + "&from=2026-12-01T00:00:00Z",
                List.of(root.toRealPath()), 1000);

        assertThat(query.model()).isEqualTo("pets");
        assertThat(query.labels()).isEqualTo(labels.toRealPath());
        assertThat(query.inRange(Instant.parse("2026-12-01T00:00:00Z"))).isTrue();
        assertThat(query.inRange(Instant.parse("2026-11-30T23:59:59Z"))).isFalse();
    }

    @Test
    void hostileSourcesAreRefusedWithTheirReason() throws Exception {
        Path labels = Files.writeString(root.resolve("labels.csv"), "a,cat\n".repeat(100));
        List<Path> roots = List.of(root.toRealPath());

        assertThatThrownBy(() -> PayloadQuery.parse("payloads:pets?labels=" + labels + "&topic=secrets", roots, 10_000))
                .isInstanceOf(InvalidImportException.class).hasMessageContaining("unknown parameter 'topic'");
        assertThatThrownBy(() -> PayloadQuery.parse("payloads:../x?labels=" + labels, roots, 10_000))
                .hasMessageContaining("model name");
        assertThatThrownBy(() -> PayloadQuery.parse("payloads:pets?labels=/etc/hostname", roots, 10_000))
                .hasMessageMatching(".*(not inside an import root|does not exist).*");
        assertThatThrownBy(() -> PayloadQuery.parse("payloads:pets?labels=" + labels, roots, 10))
                .hasMessageContaining("larger than 10 bytes");
        assertThatThrownBy(() -> PayloadQuery.parse("payloads:pets?labels=" + labels + "&from=yesterday", roots, 10_000))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> PayloadQuery.parse("payloads:pets", roots, 10_000))
                .hasMessageContaining("needs a labels file");
    }

    @Test
    void labelRowsAreBoundedAndCheckedLikeClassFolders() throws Exception {
        Path labels = Files.writeString(root.resolve("labels.csv"),
                "requestId,label\nr1,cat\nr2,dog\nr1,dog\n../x,cat\nr3,.hidden\nr4,a\u0007b\nr5,cat,extra\nr6,cat\nr7,cat\n");

        PayloadLabels read = PayloadLabels.read(labels, 7);

        assertThat(read.labels()).containsOnlyKeys("r1", "r2");
        assertThat(read.problems()).hasSize(6)
                .anyMatch(p -> p.contains("r1 labelled twice"))
                .anyMatch(p -> p.contains("line 5") && p.contains("request id"))
                .anyMatch(p -> p.contains("line 6") && p.contains("ignores"))
                .anyMatch(p -> p.contains("line 7") && p.contains("control character"))
                .anyMatch(p -> p.contains("expected 2 cells"))
                .anyMatch(p -> p.contains("more than 7 rows"));
    }
}
