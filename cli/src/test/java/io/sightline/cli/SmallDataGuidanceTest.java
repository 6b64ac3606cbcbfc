package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the CLI prints of the small-data guidance: the verification's advice, and the trainer's choice. */
class SmallDataGuidanceTest {

    private static final String SMALL = """
            {"name":"pets","version":"1","status":"READY","digest":"sha256:0123456789abcdef0123",
             "counts":{"cats":{"train":40,"test":10,"validation":0,"total":50},
                       "dogs":{"train":38,"test":10,"validation":0,"total":48}},
             "verification":{"passed":true,"sourceFiles":98,"images":98,"reconciled":true,"blobsChecked":98,
               "originalsChecked":98,"corrupt":0,"duplicates":0,"ignored":0,"leakedContent":0,"labelConflicts":0,
               "nearDuplicatePairs":0,"smallClasses":[],"notes":[],
               "trainingAdvice":{"trainImagesPerClass":39,"smallestClass":"dogs","smallestClassTrainImages":38,
                 "transferBelow":2000,"recommendation":"transfer","why":"39 training images per class (fewest: dogs,\
             38), fewer than 2000: a network trained from scratch over-fits so few images; train by transfer from a\
             pretrained base (sightline train without --arch does, when the trainer has one configured)"}},
             "submittedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:03.2Z"}""";

    private static final String FAILED_AT_ONCE = "{\"jobId\":\"j1\",\"status\":\"FAILED\",\"epochs\":[],"
            + "\"reason\":\"stopped for the test\"}";

    @Test
    void datasetShowStatesImagesPerClassAndRecommendsTransfer() throws IOException {
        try (Fakes fakes = new Fakes()) {
            fakes.dataset.on("GET /datasets/pets/versions/1", 200, SMALL);

            Run run = fakes.run("dataset", "show", "pets:1");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("training: transfer recommended: 39 training images per class (fewest:"
                    + " dogs, 38), fewer than 2000: a network trained from scratch over-fits so few images; train by"
                    + " transfer from a pretrained base (sightline train without --arch does, when the trainer has one"
                    + " configured)");
        }
    }

    @Test
    void trainWithoutArchitectureSaysTheTrainerChoseTransfer() throws IOException {
        try (Fakes fakes = new Fakes()) {
            fakes.trainer.on("POST /training-jobs", 202, "{\"jobId\":\"j1\",\"status\":\"QUEUED\",\"model\":\"m\","
                            + "\"dataset\":\"pets\",\"datasetVersion\":\"1\",\"architecture\":\"transfer\","
                            + "\"architectureNote\":\"dataset pets version 1 has 39 training images per class (fewer"
                            + " than 2000): training by transfer from the pretrained base /srv/mnv2.pt\"}")
                    .on("GET /training-jobs/j1", 200, FAILED_AT_ONCE);

            Run run = fakes.run("train", "-m", "m", "-d", "pets");

            JsonNode posted = ServiceClient.JSON.readTree(fakes.trainer.requests.get(0).text());
            assertThat(posted.has("architecture")).as("the trainer chooses").isFalse();
            assertThat(run.out()).contains("note: dataset pets version 1 has 39 training images per class (fewer"
                    + " than 2000): training by transfer from the pretrained base /srv/mnv2.pt");
            assertThat(run.err()).doesNotContain("warning:");
        }
    }

    @Test
    void trainWithoutABaseOnTheTrainerWarnsOnStandardError() throws IOException {
        try (Fakes fakes = new Fakes()) {
            fakes.trainer.on("POST /training-jobs", 202, "{\"jobId\":\"j1\",\"status\":\"QUEUED\",\"model\":\"m\","
                            + "\"dataset\":\"pets\",\"datasetVersion\":\"1\",\"architecture\":\"cnn\","
                            + "\"architectureNote\":\"dataset pets version 1 has 39 training images per class (fewer"
                            + " than 2000) and this trainer has no pretrained base configured\"}")
                    .on("GET /training-jobs/j1", 200, FAILED_AT_ONCE);

            Run run = fakes.run("train", "-m", "m", "-d", "pets", "--output", "json");

            assertThat(run.err()).contains("warning: dataset pets version 1 has 39 training images per class (fewer"
                    + " than 2000) and this trainer has no pretrained base configured");
            assertThat(ServiceClient.JSON.readTree(run.out()).path("status").asText()).isEqualTo("FAILED");
        }
    }

    @Test
    void theCoursesRecipeIsOneCommand() throws IOException {
        try (Fakes fakes = new Fakes()) {
            fakes.trainer.on("POST /training-jobs", 202, "{\"jobId\":\"j1\",\"status\":\"QUEUED\"}")
                    .on("GET /training-jobs/j1", 200, FAILED_AT_ONCE);

            fakes.run("train", "-m", "pets", "-d", "pets", "--arch", "transfer", "--base-model",
                    "/srv/backbones/mobilenet_v2.pt", "--lr", "1e-4", "--schedule", "Constant", "--epochs", "10");

            assertThat(fakes.trainer.requests.get(0).text()).isEqualTo("{\"model\":\"pets\",\"dataset\":\"pets\","
                    + "\"architecture\":\"transfer\",\"baseModel\":\"/srv/backbones/mobilenet_v2.pt\",\"epochs\":10,"
                    + "\"learningRate\":1.0E-4,\"schedule\":\"constant\"}");
            assertThat(fakes.run("train", "--help").out()).contains("The course's recipe")
                    .contains("sightline train -m pets -d pets --arch transfer \\")
                    .contains("--base-model /srv/backbones/mobilenet_v2.pt \\")
                    .contains("--lr 1e-4 --schedule constant --epochs 10");
        }
    }
}
