package io.sightline.helm;

import static io.sightline.helm.CiValuesTest.applicationProperties;
import static io.sightline.helm.CiValuesTest.env;
import static io.sightline.helm.CiValuesTest.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.helm.RenderedChart.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the chart promises a shared cluster: no open install, denied-by-default traffic, one identity per service. */
class SecurityPoliciesTest {

    private static final List<String> SERVICES = List.of("sightline-dataset", "sightline-trainer", "sightline-inference");

    private static Map<String, String> envOf(RenderedChart chart, String deployment) {
        return env(Trees.maps(podSpec(chart.get("Deployment", deployment)), "containers").get(0));
    }

    /** NOTES.txt as `helm install` prints it (client-only dry run: no cluster). */
    private static String notes(String... sets) {
        var install = RenderedChart.helm().install().withName(RenderedChart.RELEASE).withNamespace("sightline")
                .clientOnly().dryRun();
        for (String set : sets) {
            int eq = set.indexOf('=');
            install = install.set(set.substring(0, eq), set.substring(eq + 1));
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    @Test
    void anOpenInstallRendersOnlyWhenAskedForAndItsNotesWarnLoudly() {
        RenderedChart open = RenderedChart.render((Path) null, "auth.insecure=true");
        for (String service : SERVICES) {
            assertThat(envOf(open, service)).doesNotContainKeys("SIGHTLINE_AUTH_TOKEN", "SIGHTLINE_AUTH_TOKEN_LIST",
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            assertThat(applicationProperties(open, service)).doesNotContain("sightline.auth.protect-reads")
                    // the services refuse to start open on 0.0.0.0 unless told this is a sandbox
                    .contains("quarkus.http.host=0.0.0.0", "sightline.auth.insecure=true");
        }
        assertThat(notes("auth.insecure=true")).contains("WARNING: INSECURE INSTALL (auth.insecure=true)");
        assertThat(notes("auth.tokens.existingSecret=sightline-auth")).doesNotContain("INSECURE")
                .contains("hashed tokens from Secret sightline-auth", "reads need the read role");
    }

    @Test
    void hashedTokensComeFromASecretAndReadsAreProtectedByDefault() {
        RenderedChart chart = RenderedChart.render("default");
        for (String service : SERVICES) {
            assertThat(envOf(chart, service)).containsEntry("SIGHTLINE_AUTH_TOKEN_LIST", "secret:sightline-auth/tokens")
                    .doesNotContainKey("SIGHTLINE_AUTH_TOKEN");
            assertThat(applicationProperties(chart, service)).contains("sightline.auth.protect-reads=true",
                    "sightline.auth.protect-predict=true", "sightline.auth.protect-metrics=false",
                    "quarkus.http.host=0.0.0.0").doesNotContain("sightline.auth.insecure");
        }
    }

    @Test
    void jwtsAreVerifiedAgainstTheIssuerAndItsGroupsMapOntoRoles() {
        RenderedChart chart = RenderedChart.render((Path) null,
                "auth.jwt.publicKeyLocation=https://idp.example.com/certs", "auth.jwt.issuer=https://idp.example.com",
                "auth.jwt.audiences=sightline", "auth.jwt.roleMapping.ml-admins=admin");
        assertThat(envOf(chart, "sightline-trainer"))
                .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "https://idp.example.com/certs")
                .containsEntry("MP_JWT_VERIFY_ISSUER", "https://idp.example.com")
                .containsEntry("MP_JWT_VERIFY_AUDIENCES", "sightline");
        assertThat(applicationProperties(chart, "sightline-trainer")).contains("sightline.auth.jwt.roles-claim=groups",
                "sightline.auth.jwt.role-mapping.\"ml-admins\"=admin");
        assertThat(applicationProperties(RenderedChart.render("keda"), "sightline-inference"))
                .contains("sightline.auth.jwt.role-mapping.\"ml-platform\"=admin,write,read");
    }

    @Test
    void everyServicePodIsDeniedByDefaultAndGetsOnlyItsOwnAllowances() {
        RenderedChart chart = RenderedChart.render("default");
        Map<String, Object> deny = Trees.map(chart.get("NetworkPolicy", "sightline-default-deny").tree(), "spec");
        assertThat(Trees.list(deny, "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny).doesNotContainKeys("ingress", "egress");
        for (String service : SERVICES) {
            Map<String, Object> podLabels = Trees.map(chart.get("Deployment", service).tree(),
                    "spec", "template", "metadata", "labels");
            assertThat(selects(deny, podLabels)).as("default deny selects %s", service).isTrue();

            Map<String, Object> policy = Trees.map(chart.get("NetworkPolicy", service).tree(), "spec");
            assertThat(Trees.list(policy, "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(Trees.maps(policy, "ingress")).singleElement().satisfies(rule -> {
                assertThat(Trees.maps(rule, "from")).as("%s: no ingress from anyone", service).isNotEmpty();
                // the inference-service also takes the Open Inference Protocol over gRPC on its own port
                assertThat(Trees.maps(rule, "ports")).extracting(p -> p.get("port")).containsExactlyElementsOf(
                        service.equals("sightline-inference") ? List.of("http", "grpc") : List.of("http"));
            });
            List<Map<String, Object>> egress = Trees.maps(policy, "egress");
            assertThat(egress).as("%s: every egress rule names its ports", service)
                    .allSatisfy(rule -> assertThat(Trees.maps(rule, "ports")).isNotEmpty());
            List<Object> expected = new ArrayList<>(List.of(53, 53, 9092, 9093));
            if (service.equals("sightline-trainer")) {
                expected.add(8081); // the console's import form forwards to the dataset-service
            }
            assertThat(ports(egress)).as("%s: DNS and Kafka, no HTTPS with the file store", service)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(ingressComponents(chart, "sightline-dataset")).containsExactlyInAnyOrder("trainer", "test");
        assertThat(ingressComponents(chart, "sightline-inference")).containsExactly("test");
    }

    @Test
    void theS3EndpointIsTheOnlyStoreEgressAndCanBePinnedToAnAddressRange() {
        RenderedChart chart = RenderedChart.render("s3");
        List<Map<String, Object>> egress = Trees.maps(chart.get("NetworkPolicy", "sightline-inference").tree(),
                "spec", "egress");
        assertThat(ports(egress)).as("the port of http://minio.storage:9000").contains(9000).doesNotContain(443);

        RenderedChart pinned = RenderedChart.render("s3", "networkPolicy.store.to[0].ipBlock.cidr=10.40.0.0/16");
        assertThat(Trees.maps(pinned.get("NetworkPolicy", "sightline-dataset").tree(), "spec", "egress"))
                .filteredOn(rule -> ports(List.of(rule)).contains(9000)).singleElement()
                .satisfies(rule -> assertThat(Trees.at(Trees.maps(rule, "to").get(0), "ipBlock", "cidr"))
                        .isEqualTo("10.40.0.0/16"));
        assertThat(ports(Trees.maps(RenderedChart.render("default", "store.type=s3", "store.s3.bucket=models")
                .get("NetworkPolicy", "sightline-trainer").tree(), "spec", "egress"))).as("AWS").contains(443);
    }

    @Test
    void eachServiceCanHaveStoreKeysOfItsOwnWithInferenceReadOnly() {
        RenderedChart chart = RenderedChart.render("s3", "store.s3.serviceSecrets.inference=s3-inference-readonly",
                "store.s3.serviceSecrets.trainer=s3-trainer");
        assertThat(envOf(chart, "sightline-inference"))
                .containsEntry("AWS_ACCESS_KEY_ID", "secret:s3-inference-readonly/AWS_ACCESS_KEY_ID")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret:s3-inference-readonly/AWS_SECRET_ACCESS_KEY");
        assertThat(envOf(chart, "sightline-trainer")).containsEntry("AWS_ACCESS_KEY_ID", "secret:s3-trainer/AWS_ACCESS_KEY_ID");
        assertThat(envOf(chart, "sightline-dataset")).as("the shared keys when none of its own")
                .containsEntry("AWS_ACCESS_KEY_ID", "secret:sightline-s3/AWS_ACCESS_KEY_ID");
    }

    @Test
    void strimziGivesEachServiceAKafkaUserWithOnlyTheTopicsAndGroupsItUses() {
        RenderedChart chart = RenderedChart.render("strimzi");
        assertThat(chart.ofKind("KafkaUser")).extracting(Manifest::name)
                .containsExactlyInAnyOrder("sightline-dataset", "sightline-trainer", "sightline-inference");

        assertThat(acls(chart, "sightline-dataset")).containsOnly(
                Map.entry("topic:sightline.datasets", Set.of("Write", "Describe")));
        assertThat(acls(chart, "sightline-trainer")).containsOnly(
                // Write: the dead-letter API replays to it (decision 097)
                Map.entry("topic:sightline.datasets", Set.of("Read", "Write", "Describe")),
                Map.entry("topic:sightline.training.requests", Set.of("Read", "Write", "Describe")),
                Map.entry("topic:sightline.training.events", Set.of("Read", "Write", "Describe")),
                Map.entry("topic:sightline.models", Set.of("Read", "Write", "Describe")),
                Map.entry("topic:sightline.datasets.dlq", Set.of("Read", "Write", "Describe")),
                Map.entry("topic:sightline.training.requests.dlq", Set.of("Read", "Write", "Describe")),
                // the inference replicas' canary counts (decision 107)
                Map.entry("topic:sightline.inference.observations", Set.of("Read", "Describe")),
                Map.entry("group:sightline-trainer", Set.of("Read", "Describe")),
                Map.entry("group:sightline-trainer-workers", Set.of("Read", "Describe")),
                Map.entry("group:sightline-trainer-board-*", Set.of("Read", "Describe")));
        assertThat(acls(chart, "sightline-inference")).containsOnly(
                Map.entry("topic:sightline.models", Set.of("Read", "Describe")),
                Map.entry("topic:sightline.inference.observations", Set.of("Write", "Describe")),
                Map.entry("group:sightline-inference-*", Set.of("Read", "Describe")));

        Map<String, Object> listener = Trees.maps(chart.ofKind("Kafka").get(0).tree(), "spec", "kafka", "listeners").get(0);
        assertThat(Trees.at(listener, "authentication", "type")).isEqualTo("scram-sha-512");
        for (String service : SERVICES) {
            assertThat(envOf(chart, service)).containsEntry("SIGHTLINE_KAFKA_SASL_USERNAME", service)
                    .containsEntry("SIGHTLINE_KAFKA_SASL_PASSWORD", "secret:" + service + "/password");
            assertThat(applicationProperties(chart, service)).contains("kafka.security.protocol=SASL_PLAINTEXT",
                    "kafka.sasl.mechanism=SCRAM-SHA-512", "ScramLoginModule required");
        }
        assertThat(chart.ofKind("Secret")).as("the User Operator writes the passwords").isEmpty();
    }

    @Test
    void strimziMutualTlsGivesEachServiceItsClientCertificate() {
        RenderedChart chart = RenderedChart.render("strimzi", "kafka.strimzi.tls=true", "kafka.strimzi.authentication=tls");
        for (String service : SERVICES) {
            assertThat(applicationProperties(chart, service)).contains("kafka.security.protocol=SSL",
                    "kafka.ssl.keystore.type=PKCS12", "kafka.ssl.keystore.location=/etc/sightline/kafka-user/user.p12",
                    "kafka.ssl.truststore.location=/etc/sightline/kafka-ca/ca.crt").doesNotContain("sasl");
            assertThat(envOf(chart, service)).containsEntry("SIGHTLINE_KAFKA_KEYSTORE_PASSWORD",
                    "secret:" + service + "/user.password").doesNotContainKey("SIGHTLINE_KAFKA_SASL_PASSWORD");
            assertThat(Trees.maps(podSpec(chart.get("Deployment", service)), "volumes"))
                    .anySatisfy(v -> assertThat(Trees.at(v, "secret", "secretName")).isEqualTo(service));
        }
    }

    @Test
    void withoutClientAuthenticationThereAreNoUsersAndTheNotesWarn() {
        RenderedChart chart = RenderedChart.render("strimzi", "kafka.strimzi.authentication=none");
        assertThat(chart.ofKind("KafkaUser")).isEmpty();
        assertThat(Trees.map(chart.ofKind("Kafka").get(0).tree(), "spec", "kafka")).doesNotContainKey("authorization");
        assertThat(notes("auth.insecure=true")).contains("WARNING: Kafka clients connect without authentication");
    }

    @Test
    void anExistingClusterTakesOneSaslIdentityPerService() {
        RenderedChart chart = RenderedChart.render("keda", "kafka.users.inference.username=sightline-inference",
                "kafka.users.inference.existingSecret=kafka-inference", "kafka.users.trainer.username=sightline-trainer",
                "kafka.users.trainer.existingSecret=kafka-trainer");
        assertThat(envOf(chart, "sightline-inference")).containsEntry("SIGHTLINE_KAFKA_SASL_USERNAME", "sightline-inference")
                .containsEntry("SIGHTLINE_KAFKA_SASL_PASSWORD", "secret:kafka-inference/password");
        assertThat(envOf(chart, "sightline-dataset")).as("the shared identity when none of its own")
                .containsEntry("SIGHTLINE_KAFKA_SASL_USERNAME", "sightline");
        assertThat(Trees.map(chart.get("Secret", "sightline-trainer-keda").tree(), "stringData"))
                .as("KEDA reads the lag as the trainer").containsEntry("username", "sightline-trainer");
        assertThat(Trees.maps(chart.get("TriggerAuthentication", "sightline-trainer-kafka").tree(), "spec", "secretTargetRef"))
                .filteredOn(ref -> "password".equals(ref.get("parameter"))).singleElement()
                .satisfies(ref -> assertThat(ref.get("name")).isEqualTo("kafka-trainer"));
    }

    private static boolean selects(Map<String, Object> policySpec, Map<String, Object> podLabels) {
        boolean labels = podLabels.entrySet().containsAll(Trees.map(policySpec, "podSelector", "matchLabels").entrySet());
        boolean expressions = Trees.maps(policySpec, "podSelector", "matchExpressions").stream().allMatch(e ->
                "In".equals(e.get("operator")) && Trees.list(e, "values").contains(podLabels.get(e.get("key"))));
        return labels && expressions;
    }

    private static List<Object> ports(List<Map<String, Object>> rules) {
        return rules.stream().flatMap(rule -> Trees.maps(rule, "ports").stream()).map(p -> p.get("port")).toList();
    }

    private static List<Object> ingressComponents(RenderedChart chart, String policy) {
        return Trees.maps(Trees.maps(chart.get("NetworkPolicy", policy).tree(), "spec", "ingress").get(0), "from").stream()
                .map(peer -> Trees.at(peer, "podSelector", "matchLabels", "app.kubernetes.io/component"))
                .filter(component -> component != null).toList();
    }

    /** "topic:name" or "group:name" (a prefix ends in "*") to the operations allowed on it. */
    private static Map<String, Set<Object>> acls(RenderedChart chart, String user) {
        return Trees.maps(chart.get("KafkaUser", user).tree(), "spec", "authorization", "acls").stream()
                .collect(Collectors.toMap(acl -> Trees.at(acl, "resource", "type") + ":" + Trees.at(acl, "resource", "name")
                                + ("prefix".equals(Trees.at(acl, "resource", "patternType")) ? "*" : ""),
                        acl -> Set.copyOf(Trees.list(acl, "operations"))));
    }
}
