package io.sightline.trainer.registry;

import java.io.IOException;
import java.nio.file.Path;

/** Writes the files of a model version into its staging folder; may be called again for another number. */
@FunctionalInterface
public interface VersionWriter {

    void write(Path dir, String version) throws IOException;
}
