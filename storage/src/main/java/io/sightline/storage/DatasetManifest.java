package io.sightline.storage;

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
        Instant createdAt) {

    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String VALIDATION = "val";

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
     */
    public record Entry(String path, String className, String sha256, long bytes, int width, int height,
                        String split, String group) {
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
        String lines = entries.stream()
                .sorted(Comparator.comparing(Entry::path))
                .map(e -> e.path() + '\t' + e.className() + '\t' + e.sha256() + '\t' + e.split() + '\n')
                .collect(Collectors.joining());
        return Sha256.of(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
