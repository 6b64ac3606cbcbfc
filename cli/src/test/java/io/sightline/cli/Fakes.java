package io.sightline.cli;

import java.io.IOException;
import java.util.Map;

/** The three services faked, and the environment that points the command at them with a token. */
final class Fakes implements AutoCloseable {

    final FakeService dataset = new FakeService();
    final FakeService trainer = new FakeService();
    final FakeService inference = new FakeService();
    final Map<String, String> env = Map.of("SIGHTLINE_DATASET_URL", dataset.url().toString(),
            "SIGHTLINE_TRAINER_URL", trainer.url().toString(),
            "SIGHTLINE_INFERENCE_URL", inference.url().toString(),
            "SIGHTLINE_AUTH_TOKEN", "s3cret");

    Fakes() throws IOException {
    }

    Run run(String... args) {
        return Run.of(env, args);
    }

    @Override
    public void close() {
        dataset.close();
        trainer.close();
        inference.close();
    }
}
