package io.sightline.storage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One dataset version: every image, where it went, and the content it had. The manifest is the version;
 * blobs hold the bytes.
 *
 * @param dataset         dataset name
 * @param version         version id
 * @param digest          SHA-256 of the entries (see {@link #digestOf(List)}): same content, same digest
 * @param source          where the images came from, for lineage
 * @param testRatio       requested test share per class
 * @param validationRatio requested validation share per class
 * @param seed            split seed
 * @param classes         sorted class names; index = label
 * @param entries         one per image, sorted by path
 * @param createdAt       when the version was published
 * @param layout          how the source was laid out ({@code class-folders}, {@code split-folders}, {@code csv},
 *                        {@code filename}); null in versions written before layouts existed (class folders)
 * @param classNames      display name per class, from the dataset's names file; null when none was given
 */
public record DatasetManifest(
        String dataset,
        String version,
        String digest,
        String source,
        double testRatio,
        double validationRatio,
        long seed,
        List<String> classes,
        List<Entry> entries,
        Instant createdAt,
        String layout,
        Map<String, String> classNames) {

    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String VALIDATION = "val";
    /** The layout of versions that name none: one folder per class. */
    public static final String CLASS_FOLDERS = "class-folders";
    /** The layout whose top folders are the splits as the dataset shipped them. */
    public static final String SPLIT_FOLDERS = "split-folders";

    public DatasetManifest {
        classNames = classNames == null ? null : Map.copyOf(classNames);
    }

    /** A class-folders manifest without class names. */
    public DatasetManifest(String dataset, String version, String digest, String source, double testRatio,
                           double validationRatio, long seed, List<String> classes, List<Entry> entries,
                           Instant createdAt) {
        this(dataset, version, digest, source, testRatio, validationRatio, seed, classes, entries, createdAt,
                CLASS_FOLDERS, null);
    }

    /**
     * One image.
     *
     * @param path      path relative to the source root, {@code /}-separated, e.g. {@code cats/001.jpg}
     * @param className the class (its top folder)
     * @param sha256    content digest, the blob address
     * @param bytes     content length
     * @param width     decoded width in pixels
     * @param height    decoded height in pixels
     * @param split     {@link #TRAIN}, {@link #TEST} or {@link #VALIDATION}
     * @param group     the key that kept related images on one side
     * @param crop      the region of the original this image is (then {@code sha256} is the crop's PNG), or null
     * @param original  SHA-256 of the source file when the image is derived from it (a crop), else null
     */
    public record Entry(String path, String className, String sha256, long bytes, int width, int height,
                        String split, String group, Crop crop, String original) {

        /** An image stored as the source file's own bytes. */
        public Entry(String path, String className, String sha256, long bytes, int width, int height, String split,
                     String group) {
            this(path, className, sha256, bytes, width, height, split, group, null, null);
        }
    }

    /**
     * A rectangle of an original image, in pixels: {@code x1, y1} inclusive, {@code x2, y2} exclusive (the
     * convention of PIL's {@code crop} and of array slices), as annotated by e.g. GTSRB's {@code Roi.*} columns.
     */
    public record Crop(int x1, int y1, int x2, int y2) {

        public int width() {
            return x2 - x1;
        }

        public int height() {
            return y2 - y1;
        }
    }

    /** The display name of a class: its name from the names file, else the class itself. */
    public String displayName(String className) {
        return classNames == null ? className : classNames.getOrDefault(className, className);
    }

    /**
     * Where an entry lives in a materialised {@code <split>/<class>/...} tree: under its class folder, by its
     * path without the split folder it shipped in; a derived image (a crop, stored as PNG) gets {@code .png} added.
     */
    public String treePath(Entry entry) {
        String path = entry.path();
        // the split folder, and the folder of the same name some datasets wrap inside it, are not the tree's
        for (int dropped = 0; SPLIT_FOLDERS.equals(layout) && dropped < 2 && path.indexOf('/') > 0
                && !path.startsWith(entry.className() + "/"); dropped++) {
            path = path.substring(path.indexOf('/') + 1);
        }
        if (!path.startsWith(entry.className() + "/")) {
            path = entry.className() + "/" + path;
        }
        return entry.crop() == null ? path : path + ".png";
    }

    /** The entries of one split. */
    public List<Entry> entries(String split) {
        return entries.stream().filter(e -> e.split().equals(split)).toList();
    }

    /** The label (index into {@link #classes()}) of an entry. */
    public int label(Entry entry) {
        int label = classes.indexOf(entry.className());
        if (label < 0) {
            throw new IllegalArgumentException("unknown class " + entry.className());
        }
        return label;
    }

    /** Count per class per split: {@code class -> split -> count}. */
    public Map<String, Map<String, Long>> counts() {
        return entries.stream().collect(Collectors.groupingBy(Entry::className, TreeMap::new,
                Collectors.groupingBy(Entry::split, TreeMap::new, Collectors.counting())));
    }

    /**
     * The content digest of a set of entries: SHA-256 over their sorted (path, class, sha256, split)
     * lines. Timestamps and ids stay out so the same content always yields the same digest.
     */
    public static String digestOf(List<Entry> entries) {
        return digestOf(entries, null);
    }

    /**
     * {@link #digestOf(List)} that also covers the class names, so adding or changing a names file makes a new
     * version; without names it is exactly {@link #digestOf(List)}.
     */
    public static String digestOf(List<Entry> entries, Map<String, String> classNames) {
        // the lines' UTF-8 streamed into the digest: one text of every entry would be tens of MB for a big dataset
        MessageDigest sha = Sha256.newDigest();
        try (Writer lines = new BufferedWriter(new OutputStreamWriter(
                new DigestOutputStream(OutputStream.nullOutputStream(), sha), StandardCharsets.UTF_8), 1 << 16)) {
            for (Entry e : entries.stream().sorted(Comparator.comparing(Entry::path)).toList()) {
                lines.append(e.path()).append('\t').append(e.className()).append('\t').append(e.sha256()).append('\t')
                        .append(e.split()).append('\n');
            }
            if (classNames != null) {
                for (Map.Entry<String, String> name : new TreeMap<>(classNames).entrySet()) {
                    lines.append("name\t").append(name.getKey()).append('\t').append(name.getValue()).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a digest's stream cannot fail", e);
        }
        return Sha256.hex(sha.digest());
    }
}
