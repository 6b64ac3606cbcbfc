package io.sightline.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kafka")
@Tag("process")
class KafkaBrokerResourceTest {

    @Test
    void pointsQuarkusAtTheSharedBroker() throws Exception {
        KafkaBrokerResource resource = new KafkaBrokerResource();

        Map<String, String> config = resource.start();
        resource.stop();

        assertThat(config).containsOnly(Map.entry("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers()));
        // stop() leaves the shared broker to later test classes
        assertThat(KafkaBroker.shared().isRunning()).isTrue();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap.servers")))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

    @Test
    void oneSharedBrokerPerJvmEvenWhenTheClassIsLoadedTwice() throws Exception {
        // What Quarkus does when each test application gets its own class loader.
        URL classes = KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader otherLoader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> otherClass = Class.forName(KafkaBroker.class.getName(), true, otherLoader);
            Object otherShared = otherClass.getMethod("shared").invoke(null);

            assertThat(otherClass).isNotSameAs(KafkaBroker.class);
            assertThat(otherClass.getMethod("bootstrapServers").invoke(otherShared))
                    .isEqualTo(KafkaBroker.shared().bootstrapServers());
        }
    }

    @Test
    void theSharedBrokerCannotBeStoppedByOneTest() {
        assertThatThrownBy(() -> KafkaBroker.shared().close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KafkaBroker.start()");
    }
}
