package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses what would otherwise pass silently. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "trainer.gpu.enabeld=true                | enabeld",
        "trainer.gpus.enabled=true               | gpus",
        "kafka.bootstrapServer=kafka:9092        | bootstrapServer",
        "kafka.strimzi.enable=true               | enable",
        "store.s3.endpont=http://minio:9000      | endpont",
        "inference.autoscaling.maxReplica=4      | maxReplica",
        "networkPolicy.allowExternalEgres=false  | allowExternalEgres",
        "imageTag=0.1.0                          | imageTag",
        "dataset.resource.requests.cpu=1         | resource",
        "trainer.retrain.fashion.epoch=3         | epoch",
        "inference.nativeMemory.mallocTunning=false | mallocTunning",
        "auth.insecur=true                       | insecur",
        "auth.tokens.secret=x                    | secret",
        "kafka.users.inference.user=x            | user",
        "networkPolicy.store.cidr=10.0.0.0/8     | cidr",
        "store.s3.serviceSecrets.api=x           | api",
    })
    void refusesAMisspelledKey(String set, String misspelled) {
        assertThatThrownBy(() -> RenderedChart.render("default", set))
                .hasMessageContaining("additional properties")
                .hasMessageContaining("'" + misspelled + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "image.tag=latest                                      | /image/tag",
        "trainer.image.tag=latest                              | /trainer/image/tag",
        "store.type=nfs                                        | /store/type",
        "kafka.securityProtocol=SASL                           | /kafka/securityProtocol",
        "kafka.strimzi.authentication=plain                    | /kafka/strimzi/authentication",
        "auth.jwt.publicKeyLocation=http://idp/certs           | /auth/jwt/publicKeyLocation",
        "auth.jwt.publicKeyLocation=https://idp/certs          | /auth/jwt/issuer",
        "auth.jwt.roleMapping.ml-admins=root                   | /auth/jwt/roleMapping",
        "trainer.gpu.count=0                                   | /trainer/gpu/count",
        "trainer.resources.limits.nvidia\\.com/gpu=1           | /trainer/resources",
        "kafka.topics.models.config.cleanup\\.policy=delete    | /kafka/topics/models",
        "containerSecurityContext.readOnlyRootFilesystem=false | /containerSecurityContext/readOnlyRootFilesystem",
        "trainer.retrain.fashion.architecture=vgg              | /trainer/retrain/fashion",
        "kafka.bootstrapServers=kafka                          | /kafka/bootstrapServers",
        "otel.protocol=http                                    | /otel/protocol",
        "trainer.nativeMemory.mmapThreshold=67108864           | /trainer/nativeMemory/mmapThreshold",
    })
    void refusesAValueThatWouldDeployBroken(String set, String path) {
        assertThatThrownBy(() -> RenderedChart.render("default", set))
                .hasMessageContaining("schema")
                .hasMessageContaining(path);
    }

    @Test
    void refusesToRenderWithoutAnIdentityAndPointsAtAuthInsecure() {
        assertThatThrownBy(() -> RenderedChart.render((Path) null))
                .hasMessageContaining("schema")
                .hasMessageContaining("/auth/insecure").hasMessageContaining("auth.insecure=true")
                .hasMessageContaining("/auth/tokens/existingSecret")
                .hasMessageContaining("/auth/jwt/publicKeyLocation");
        assertThatThrownBy(() -> RenderedChart.render((Path) null, "auth.insecure=false", "auth.tokens.existingSecret="))
                .hasMessageContaining("/auth/insecure");
    }

    @Test
    void rendersWithAnyOneIdentityOrWhenToldToRunOpen() {
        for (String identity : new String[] {"auth.tokens.existingSecret=sightline-auth",
            "auth.existingSecret=legacy", "auth.token=legacy", "auth.insecure=true"}) {
            assertThat(RenderedChart.render((Path) null, identity).ofKind("Deployment")).as(identity).hasSize(3);
        }
        assertThat(RenderedChart.render((Path) null, "auth.jwt.publicKeyLocation=https://idp.example.com/certs",
                "auth.jwt.issuer=https://idp.example.com", "auth.jwt.audiences=sightline").ofKind("Deployment")).hasSize(3);
    }

    @Test
    void strimziMutualTlsNeedsTheTlsListener() {
        assertThatThrownBy(() -> RenderedChart.render("strimzi", "kafka.strimzi.authentication=tls"))
                .hasMessageContaining("/kafka/strimzi/tls");
        assertThat(RenderedChart.render("strimzi", "kafka.strimzi.authentication=tls", "kafka.strimzi.tls=true")
                .ofKind("KafkaUser")).hasSize(3);
    }

    @Test
    void s3NeedsABucket() {
        assertThatThrownBy(() -> RenderedChart.render("default", "store.type=s3"))
                .hasMessageContaining("bucket");
    }

    @Test
    void acceptsEveryCiConfiguration() {
        assertThat(RenderedChart.ciValuesFiles()).allSatisfy(values -> assertThat(RenderedChart.render(values).all()).isNotEmpty());
    }
}
