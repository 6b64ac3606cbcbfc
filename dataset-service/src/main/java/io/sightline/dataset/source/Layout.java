package io.sightline.dataset.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a dataset's source is laid out: where each image's class (and, when given, its split) comes from. */
public enum Layout {
    /** One top folder per class ({@code cats/1.jpg}); the split is Sightline's. */
    CLASS_FOLDERS("class-folders"),
    /** Top folders are the splits as shipped ({@code train/cats/1.jpg}, {@code test/…}, {@code val/…}); kept as given. */
    SPLIT_FOLDERS("split-folders"),
    /** Images plus a labels file naming each image's path and label (Kaggle's {@code Path,ClassId}, GTSRB's test CSV). */
    CSV("csv"),
    /** The label is group 1 of a pattern found in each file name ({@code cat.123.jpg}). */
    FILENAME("filename");

    private final String id;

    Layout(String id) {
        this.id = id;
    }

    /** The name used in requests, manifests and reports. */
    public String id() {
        return id;
    }

    /** Whether the layout brings its own train/test split. */
    public boolean givesSplit() {
        return this == SPLIT_FOLDERS;
    }

    /**
     * @return the layout named {@code text} (case and {@code _}/{@code -} insensitive), or null for null/blank
     * @throws InvalidImportException naming the layouts there are
     */
    public static Layout parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(l -> l.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidImportException("layout must be one of " + names() + "; got: "
                        + ClassNames.printable(text)));
    }

    /** The layouts there are, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Layout::id).collect(Collectors.joining(", "));
    }
}
