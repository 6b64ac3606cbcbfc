package io.sightline.dataset.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.S3Connections;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named s3 connections as an operator writes them, through the configuration mapping. */
class S3ConnectionConfigTest {

    private static DatasetConfig mapped(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(DatasetConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(DatasetConfig.class);
    }

    @Test
    void connectionsAreNamedInConfigurationWithTheirBucketsAndKeys() {
        DatasetConfig config = mapped(Map.of(
                "sightline.dataset.s3.default-connection", "lab",
                "sightline.dataset.s3.connections.\"lab\".endpoint", "http://minio.lab:9000",
                "sightline.dataset.s3.connections.\"lab\".buckets", "datasets,scans",
                "sightline.dataset.s3.connections.\"lab\".access-key-id", "AKIA",
                "sightline.dataset.s3.connections.\"lab\".secret-access-key", "hidden",
                "sightline.dataset.s3.connections.\"aws.eu\".region", "eu-west-1",
                "sightline.dataset.s3.connections.\"aws.eu\".buckets", "public-sets"));

        S3Connections connections = DatasetBeans.connections(config.s3());

        S3Connections.Location lab = connections.resolve("s3://scans/2024");
        assertThat(lab.connection().endpoint()).isEqualTo(URI.create("http://minio.lab:9000"));
        assertThat(lab.connection().region()).isEqualTo("us-east-1");
        assertThat(lab.connection().buckets()).isEqualTo(Set.of("datasets", "scans"));
        assertThat(lab.connection().hasOwnKey()).isTrue();
        S3Connections.Location eu = connections.resolve("s3://public-sets/x?connection=aws.eu");
        assertThat(eu.connection().endpoint()).isNull();
        assertThat(eu.connection().region()).isEqualTo("eu-west-1");
        assertThat(eu.connection().hasOwnKey()).isFalse();
        assertThatThrownBy(() -> connections.resolve("s3://public-sets/x")).isInstanceOf(InvalidImportException.class)
                .hasMessageContaining("not allowed on connection lab");
        assertThat(config.queue().size()).isEqualTo(16);
        assertThat(config.limits().maxJsonBytes()).isEqualTo(1 << 20);
        assertThat(config.decodeHeapShare()).isEqualTo(0.1);
        assertThat(config.gc().grace()).isEqualTo(java.time.Duration.ZERO);
        assertThat(config.retention().maxAge()).isEmpty();
    }

    @Test
    void retentionAgesAreWrittenAsOperatorsWriteThem() {
        DatasetConfig config = mapped(Map.of("sightline.dataset.retention.max-age", "90d",
                "sightline.dataset.retention.keep-last", "5", "sightline.dataset.gc.grace", "30m"));
        assertThat(config.retention().maxAge()).contains(java.time.Duration.ofDays(90));
        assertThat(config.retention().keepLast()).isEqualTo(5);
        assertThat(config.gc().grace()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(config.gc().every()).isEqualTo("6h");
    }

    @Test
    void noConnectionRefusesEverySource() {
        assertThatThrownBy(() -> DatasetBeans.connections(mapped(Map.of()).s3()).resolve("s3://any/x"))
                .hasMessageContaining("none is configured");
    }
}
