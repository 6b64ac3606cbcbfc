package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The strict check itself: it must refuse what an API server would (or would silently drop). */
class StrictModelTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            spec:
              replicas: %s
              selector:
                matchLabels: {app: d}
              template:
                metadata:
                  labels: {app: d}
                spec:
                  containers:
                    - name: c
                      image: i:1
                      %s
            """;

    @Test
    void acceptsAWellFormedDeployment() {
        assertThat(StrictModel.problems(DEPLOYMENT.formatted("1", "imagePullPolicy: Always"))).isEmpty();
    }

    @Test
    void reportsAMisspelledFieldDeepInThePodSpec() {
        assertThat(StrictModel.problems(DEPLOYMENT.formatted("1", "imagePullPolicyy: Always")))
                .singleElement().asString().contains("imagePullPolicyy");
    }

    @Test
    void reportsAFieldOfTheWrongType() {
        assertThat(StrictModel.problems(DEPLOYMENT.formatted("two", "imagePullPolicy: Always")))
                .singleElement().asString().contains("does not parse");
    }

    @Test
    void reportsAnUnknownKindOrApiVersion() {
        assertThat(StrictModel.problems("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: d}\n"))
                .singleElement().asString().contains("unknown kind");
        assertThat(StrictModel.problems("apiVersion: autoscaling/v9\nkind: HorizontalPodAutoscaler\nmetadata: {name: d}\n"))
                .singleElement().asString().contains("unknown kind");
    }
}
