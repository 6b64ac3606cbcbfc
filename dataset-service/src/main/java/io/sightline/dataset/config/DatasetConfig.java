package io.sightline.dataset.config;

import io.sightline.dataset.CorruptFilePolicy;
import io.sightline.dataset.SplitMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** How the dataset service imports and splits. */
@ConfigMapping(prefix = "sightline.dataset")
public interface DatasetConfig {

    /**
     * Folders a {@code file:} source must lie in, compared after resolving symlinks; a source, or a symlink
     * inside it, that leads elsewhere is refused. Defaults to the user's home and the temp folder.
     */
    @WithDefault("${user.home},${java.io.tmpdir}")
    List<String> importRoots();

    /** Test share per class when a request gives none; greater than 0, less than 1. */
    @WithDefault("0.2")
    double defaultTestRatio();

    /** Validation share per class when a request gives none; 0 for no validation split. */
    @WithDefault("0")
    double defaultValidationRatio();

    /** Seed of the split hash when a request gives none. */
    @WithDefault("42")
    long defaultSeed();

    /**
     * {@code stable}: a hash threshold, so adding images never moves an existing one to another side;
     * {@code exact}: per-class counts as close to the ratios as whole groups allow.
     */
    @WithDefault("stable")
    SplitMode splitMode();

    /** {@code reject}: a file that does not decode refuses the import; {@code exclude}: it is left out and listed. */
    @WithDefault("reject")
    CorruptFilePolicy corruptFiles();

    /** Imports processed at the same time, one thread each; others wait in order. */
    @WithDefault("1")
    int workers();
}
