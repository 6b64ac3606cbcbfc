package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dlq list|show|replay} against fakes of the services. */
class DlqCommandsTest {

    private static final String TOPICS = "[{\"topic\":\"sightline.datasets.dlq\",\"sourceTopic\":\"sightline.datasets\","
            + "\"exists\":true,\"records\":2,\"partitions\":[{\"partition\":0,\"firstOffset\":4,\"endOffset\":6,"
            + "\"records\":2}]},{\"topic\":\"sightline.training.requests.dlq\",\"sourceTopic\":"
            + "\"sightline.training.requests\",\"exists\":false,\"records\":0,\"partitions\":[]}]";
    private static final String RECORD = "{\"topic\":\"sightline.datasets.dlq\",\"partition\":0,\"offset\":4,"
            + "\"timestamp\":\"2026-12-01T10:00:00Z\",\"key\":{\"size\":4,\"text\":\"cats\"},\"deadLetter\":{"
            + "\"dead-letter-reason\":\"JsonParseException: broken\",\"dead-letter-topic\":\"sightline.datasets\","
            + "\"dead-letter-partition\":\"0\",\"dead-letter-offset\":\"57\"},\"cloudEvent\":{\"ce_type\":"
            + "\"dataset.split\"},\"payload\":{\"size\":9,\"text\":\"{not json\"}}";
    private static final String BINARY = "{\"topic\":\"sightline.datasets.dlq\",\"partition\":0,\"offset\":5,"
            + "\"deadLetter\":{},\"cloudEvent\":{},\"payload\":{\"size\":3,\"base64Prefix\":\"//79\"}}";
    private static final String REPORT = "{\"replayId\":\"r-1\",\"topic\":\"sightline.datasets.dlq\",\"selected\":2,"
            + "\"replayed\":2,\"toTopics\":{\"sightline.datasets\":2},\"refused\":[]}";

    private Fakes fakes;

    @BeforeEach
    void start() throws IOException {
        fakes = new Fakes();
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    @Test
    void listAsksEveryServiceAndPassesOverThoseWithoutTheApi() {
        fakes.trainer.on("GET /admin/dlq", 200, TOPICS);

        Run run = fakes.run("dlq", "list");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("sightline.datasets.dlq  2 records (partition 0: offsets 4..5)  from"
                + " sightline.datasets  [trainer-service]\n"
                + "sightline.training.requests.dlq  not created yet  from sightline.training.requests"
                + "  [trainer-service]\n");
        assertThat(fakes.trainer.requests.get(0).header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(fakes.dataset.requests).hasSize(1);
        assertThat(fakes.inference.requests).hasSize(1);
    }

    @Test
    void listWithoutTheAdminRoleFails() {
        fakes.trainer.on("GET /admin/dlq", 403, "{\"error\":\"this endpoint needs the admin role\"}");

        Run run = fakes.run("dlq", "list", "--service", "trainer");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("needs the admin role (HTTP 403)");
        assertThat(fakes.dataset.requests).isEmpty();
    }

    @Test
    void showFindsTheOwnerListsTheRecordsWithTheirReasonAndShowsOneInFull() {
        fakes.trainer.on("GET /admin/dlq", 200, TOPICS)
                .on("GET /admin/dlq/sightline.datasets.dlq", 200, "[" + RECORD + "," + BINARY + "]")
                .on("GET /admin/dlq/sightline.datasets.dlq/0/4", 200, RECORD);

        Run list = fakes.run("dlq", "show", "sightline.datasets.dlq", "--limit", "5");
        Run one = fakes.run("dlq", "show", "sightline.datasets.dlq", "0", "4");

        assertThat(list.exitCode()).as(list.err()).isEqualTo(ExitCodes.OK);
        assertThat(list.out()).contains("0/4  2026-12-01T10:00:00Z  key cats  from sightline.datasets 0/57:"
                + " JsonParseException: broken\n    {not json\n")
                .contains("0/5  -  key -").contains("(3 bytes, not shown as text) base64 //79");
        assertThat(fakes.trainer.requests.get(1).query()).isEqualTo("limit=5");
        assertThat(one.out()).contains("sightline.datasets.dlq partition 0 offset 4\n")
                .contains("  dead-letter-reason: JsonParseException: broken\n").contains("  ce_type: dataset.split\n")
                .contains("  payload: {not json");
    }

    @Test
    void aTopicNoServiceOwnsIsNotFoundAndOffsetsNeedAPartition() {
        fakes.trainer.on("GET /admin/dlq", 200, TOPICS);

        Run unknown = fakes.run("dlq", "show", "sightline.models.dlq");
        Run half = fakes.run("dlq", "show", "sightline.datasets.dlq", "0");

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("no service owns the dead-letter topic sightline.models.dlq");
        assertThat(half.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void replaySendsTheChosenOffsetsOnceConfirmedAndSaysWhereTheyWent() {
        fakes.trainer.on("GET /admin/dlq", 200, TOPICS)
                .on("POST /admin/dlq/sightline.datasets.dlq/replay", 200, REPORT);

        Run run = fakes.run("dlq", "replay", "sightline.datasets.dlq", "--partition", "0", "--offset", "4",
                "--offset", "5", "--yes");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        FakeService.Request sent = fakes.trainer.requests.get(1);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.text()).isEqualTo("{\"partition\":0,\"offsets\":[4,5]}");
        assertThat(run.out()).isEqualTo("replayed 2 of 2 records of sightline.datasets.dlq (replay r-1): 2 to"
                + " sightline.datasets\n");
    }

    @Test
    void replayAsksOnATerminalRefusesWithoutOneAndReportsRefusedRecords() {
        fakes.trainer.on("POST /admin/dlq/sightline.datasets.dlq/replay", 200, "{\"replayId\":\"r-2\",\"topic\":"
                + "\"sightline.datasets.dlq\",\"selected\":2,\"replayed\":1,\"toTopics\":{\"sightline.datasets\":1},"
                + "\"refused\":[{\"partition\":0,\"offset\":5,\"reason\":\"it came from elsewhere\"}]}");
        List<String> prompts = new CopyOnWriteArrayList<>();
        Terminal no = prompt -> {
            prompts.add(prompt);
            return "n";
        };
        Terminal yes = prompt -> "yes";

        Run script = fakes.run("dlq", "replay", "sightline.datasets.dlq", "--all", "--service", "trainer");
        Run declined = Run.onTerminal(fakes.env, no, "dlq", "replay", "sightline.datasets.dlq", "--all",
                "--service", "trainer");
        assertThat(fakes.trainer.requests).isEmpty();
        Run confirmed = Run.onTerminal(fakes.env, yes, "dlq", "replay", "sightline.datasets.dlq", "--all",
                "--service", "trainer");

        assertThat(script.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(script.err()).contains("--yes");
        assertThat(declined.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(prompts).containsExactly("Replay every record of sightline.datasets.dlq to the topic they came"
                + " from? [y/N] ");
        assertThat(confirmed.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(fakes.trainer.requests).singleElement()
                .satisfies(r -> assertThat(r.text()).isEqualTo("{\"all\":true}"));
        assertThat(confirmed.out()).contains("replayed 1 of 2").contains("  not replayed: 0/5: it came from elsewhere");
    }

    @Test
    void replayNeedsOffsetsOrAllAndAServiceRefusalIsAUsageError() {
        fakes.trainer.on("POST /admin/dlq/sightline.datasets.dlq/replay", 400,
                "{\"error\":\"offset 99 is not held by sightline.datasets.dlq partition 0\"}");

        Run neither = fakes.run("dlq", "replay", "sightline.datasets.dlq", "--service", "trainer", "--yes");
        Run both = fakes.run("dlq", "replay", "sightline.datasets.dlq", "--offset", "1", "--all", "--yes");
        Run refused = fakes.run("dlq", "replay", "sightline.datasets.dlq", "--offset", "99", "--service", "trainer",
                "--yes", "-o", "json");

        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("offset 99 is not held");
        assertThat(fakes.trainer.requests).hasSize(1);
        assertThat(fakes.trainer.requests.get(0).text()).isEqualTo("{\"offsets\":[99]}");
    }
}
