package io.sightline.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Sightline checkout: {@code -Dsightline.repo.root}, else the nearest parent holding {@code bin/kafka}. */
final class RepoRoot {

    private RepoRoot() {
    }

    static Path find() {
        String configured = System.getProperty("sightline.repo.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/kafka")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside a Sightline checkout: set -Dsightline.repo.root");
    }
}
