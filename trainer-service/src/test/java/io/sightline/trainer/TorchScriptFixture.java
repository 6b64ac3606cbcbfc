package io.sightline.trainer;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Writes the tiny TorchScript feature extractor of {@code src/test/resources/torchscript/feature_extractor.py}
 * with Debian's python3 and its torch (package python3-torch); tests that need one skip without it.
 */
public final class TorchScriptFixture {

    public static final String MISSING = "skipped: /usr/bin/python3 cannot import torch (Debian package python3-torch),"
            + " which writes the TorchScript fixture";

    private TorchScriptFixture() {
    }

    /**
     * Writes a module taking {@code channels}-channel images (3: the usual RGB backbone; 1: one that refuses RGB).
     *
     * @return whether it was written
     */
    public static boolean write(Path out, int channels) {
        Path script = Path.of("src/test/resources/torchscript/feature_extractor.py").toAbsolutePath();
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString(),
                    String.valueOf(channels)).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(out) > 0;
        } catch (Exception e) {
            return false;
        }
    }
}
