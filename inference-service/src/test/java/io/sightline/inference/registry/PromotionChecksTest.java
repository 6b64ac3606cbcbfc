package io.sightline.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.inference.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A promotion may only name an artefact in its own model's folder of the store. */
class PromotionChecksTest {

    @Test
    void anArtefactKeyMustLieUnderItsModelsFolder() {
        for (String key : List.of("models/shapes/1", "models/shapes/2024-05-01.3", "models/shapes/1/model")) {
            assertThat(PromotionChecks.foreignArtifact(TestModels.promotion("shapes", "1", key))).as(key).isNull();
        }
        for (String key : List.of("models/other/1", "models/shapes", "models/shapes/", "models/shapes/../other/1",
                "models/shapes/./1", "models/shapes//1", "models/shapes/1/", "/models/shapes/1", "datasets/pets/1",
                "models/shapesX/1", "../models/shapes/1", "models/shapes/1\u0000", "/etc/passwd",
                "file:///models/shapes/1", "s3://bucket/models/shapes/1")) {
            assertThat(PromotionChecks.foreignArtifact(TestModels.promotion("shapes", "1", key))).as(key)
                    .isNotNull().contains("models/shapes/");
        }
    }
}
