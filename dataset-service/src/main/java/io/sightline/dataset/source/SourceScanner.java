package io.sightline.dataset.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Walks a source folder once and lists what a {@link LayoutReader} needs: images, the files that say they are
 * not images (labels, annotations, names files), and the folders. Hidden and system files are ignored and
 * counted. Symlinks are followed only while they stay inside the import root: one that leads out is a problem,
 * never a file to read.
 */
public final class SourceScanner {

    /** Runs {@code task(0..count-1)}, on one thread or several, and returns when all are done. */
    @FunctionalInterface
    public interface Spread {
        void forEach(int count, IntConsumer task);
    }

    private final Spread spread;

    /** A scanner that walks on the calling thread. */
    public SourceScanner() {
        this(null);
    }

    /**
     * A scanner whose walk spreads the source's top-level folders (a dataset's class or split folders) over
     * {@code spread}; null walks on the calling thread.
     */
    public SourceScanner(Spread spread) {
        this.spread = spread;
    }

    /** Files operating systems and archivers leave behind; never images of a class. */
    private static final Set<String> SYSTEM_NAMES = Set.of("thumbs.db", "desktop.ini", "__macosx", "ehthumbs.db");
    /**
     * Extensions of files that datasets ship beside their pictures (GTSRB's {@code GT-00000.csv} in every class
     * folder, READMEs, label lists): they say they are not images, so they are skipped, not reported corrupt. A
     * file that claims to be an image and does not decode is still corrupt.
     */
    private static final Set<String> NOT_IMAGE_EXTENSIONS = Set.of("csv", "tsv", "txt", "json", "jsonl", "md",
            "xml", "yaml", "yml", "html", "htm", "pdf", "py", "ipynb", "sh", "log", "names", "info", "zip", "tar",
            "gz", "tgz", "xz", "7z", "rar", "mat", "npy", "npz", "pkl", "h5", "parquet", "doc", "docx", "xls", "xlsx");

    /**
     * One image of a class.
     *
     * @param path      relative to the source root, {@code /}-separated
     * @param className its class
     * @param file      where to read it
     * @param split     the split it shipped in ({@link Layout#SPLIT_FOLDERS}), else null
     * @param crop      the region of interest to keep ({@code crop: roi}), else null
     */
    public record SourceFile(String path, String className, Path file, String split,
                             io.sightline.storage.DatasetManifest.Crop crop) {

        public SourceFile(String path, String className, Path file) {
            this(path, className, file, null, null);
        }
    }

    /**
     * A file left out, and why.
     *
     * @param path   relative to the source root
     * @param reason e.g. {@code hidden}, {@code system file}, {@code not in a class folder}
     */
    public record IgnoredFile(String path, String reason) {
    }

    /**
     * What a scan found.
     *
     * @param classes    class names, sorted
     * @param files      the images of every class, sorted by path
     * @param ignored    files left out
     * @param problems   what makes the source unusable (symlinks leaving the root, a bad labels file)
     * @param layout     the layout the source was read in
     * @param why        how the layout was chosen ("as asked", or what detection saw)
     * @param classNames display names by class, from the names file; null without one
     * @param notes      facts worth knowing that are not problems
     * @param labels     csv: the labels file read, relative to the source; else null
     * @param stamps     when the listing follows from names alone: the stamp of every folder walked (key
     *                   {@code ""} for the source, {@code "a/b/"} below it) and of every file that is not an image,
     *                   each taken before it was read; null otherwise (decision 110)
     */
    public record Listing(List<String> classes, List<SourceFile> files, List<IgnoredFile> ignored,
                          List<String> problems, Layout layout, String why, Map<String, String> classNames,
                          List<String> notes, String labels, Map<String, FileStamp> stamps) {

        public Listing(List<String> classes, List<SourceFile> files, List<IgnoredFile> ignored,
                       List<String> problems) {
            this(classes, files, ignored, problems, Layout.CLASS_FOLDERS, "as asked", null, List.of(), null, null);
        }

        public long count(String className) {
            return files.stream().filter(f -> f.className().equals(className)).count();
        }
    }

    /** A file found by the walk, by its path relative to the source. */
    public record WalkedFile(String path, Path file) {

        /** Its name: the last path segment. */
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** Path segments before the name. */
        public int depth() {
            int depth = 0;
            for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
                depth++;
            }
            return depth;
        }
    }

    /**
     * Everything a walk found.
     *
     * @param folders  every folder below the source (not ignored), relative, sorted
     * @param images   files that may be images, sorted by path
     * @param others   files whose name says they are not images, sorted by path
     * @param stamps   folders' and others' stamps ({@link Listing#stamps}), or null when one could not be taken
     * @param ignored  hidden, system and irregular files
     * @param problems what makes the source unusable
     */
    public record Walk(List<String> folders, List<WalkedFile> images, List<WalkedFile> others,
                       List<IgnoredFile> ignored, List<String> problems, Map<String, FileStamp> stamps) {

        /** Folders directly under the source. */
        public List<String> topFolders() {
            return folders.stream().filter(f -> f.indexOf('/') < 0).toList();
        }
    }

    /** Whether a file or folder name marks a hidden or system entry. */
    public static boolean isIgnoredName(String name) {
        return name.startsWith(".") || SYSTEM_NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * @return the extension (lower case) when {@code name} clearly names something other than an image, else null
     */
    public static String notImageExtension(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return NOT_IMAGE_EXTENSIONS.contains(extension) ? extension : null;
    }

    /** Scans {@code source} as class folders (a real path inside {@code importRoot}, also a real path). */
    public Listing scan(Path source, Path importRoot) throws IOException {
        return scan(source, importRoot, LayoutOptions.CLASS_FOLDERS);
    }

    /** Scans {@code source} in the layout {@code options} name, or the one detected. */
    public Listing scan(Path source, Path importRoot, LayoutOptions options) throws IOException {
        return new LayoutReader(source, walk(source, importRoot)).read(options);
    }

    /**
     * Walks {@code source}, a real path inside {@code importRoot} (also a real path). With a spread, the source's own
     * entries first, then its plain top-level folders each as a walk of its own, spread: a walk's time is one
     * {@code lstat} per entry, tens of thousands in a dataset.
     */
    public Walk walk(Path source, Path importRoot) throws IOException {
        Found found = new Found();
        List<Path> topFolders = spread == null ? null : new ArrayList<>();
        // not following links: a plain file costs one lstat, which also says whether it is a link; a link (rare) is
        // resolved, checked against the import root, and a folder it leads to walked as if followed
        Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), spread == null ? Integer.MAX_VALUE : 1,
                new Visitor(source, importRoot, false, found, topFolders));
        if (topFolders != null && !topFolders.isEmpty()) {
            Found[] each = new Found[topFolders.size()];
            try {
                spread.forEach(each.length, i -> {
                    each[i] = new Found();
                    try {
                        Files.walkFileTree(topFolders.get(i), EnumSet.noneOf(FileVisitOption.class),
                                Integer.MAX_VALUE, new Visitor(source, importRoot, false, each[i], null));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (Found folder : each) {
                found.add(folder);
            }
        }
        found.images.sort(Comparator.comparing(WalkedFile::path));
        found.others.sort(Comparator.comparing(WalkedFile::path));
        found.ignored.sort(Comparator.comparing(IgnoredFile::path));
        return new Walk(List.copyOf(found.folders), found.images, found.others, found.ignored, found.problems,
                found.stamps.containsValue(null) ? null : Map.copyOf(found.stamps));
    }

    /** What a walk, or one part of it, found. */
    private record Found(Set<String> folders, List<WalkedFile> images, List<WalkedFile> others,
                         List<IgnoredFile> ignored, List<String> problems, Map<String, FileStamp> stamps) {

        Found() {
            // stamps are taken before a folder's entries or a label file's lines are read: a change from then on
            // moves its stamp
            this(new TreeSet<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new HashMap<>());
        }

        void add(Found part) {
            folders.addAll(part.folders);
            images.addAll(part.images);
            others.addAll(part.others);
            ignored.addAll(part.ignored);
            problems.addAll(part.problems);
            stamps.putAll(part.stamps);
        }
    }

    /**
     * What a walk collects into {@code found}; {@code following}: inside a folder reached through a link, links are
     * followed. With {@code topFolders}, the walk stops at the source's entries and notes its plain folders there.
     */
    private record Visitor(Path source, Path importRoot, boolean following, Found found, List<Path> topFolders)
            implements FileVisitor<Path> {

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(source)) {
                found.stamps().put("", FileStamp.of(dir));
                return FileVisitResult.CONTINUE;
            }
            String rel = relative(source, dir);
            Path real = realPathOrNull(dir);
            if (real == null || !real.startsWith(importRoot)) {
                found.problems().add("escapes import root: " + rel + "/");
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (isIgnoredName(dir.getFileName().toString())) {
                ignoreTree(source, dir, found.ignored());
                return FileVisitResult.SKIP_SUBTREE;
            }
            found.folders().add(rel);
            found.stamps().put(rel + "/", FileStamp.of(dir));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            String rel = relative(source, file);
            boolean link = following ? Files.isSymbolicLink(file) : attrs.isSymbolicLink();
            if (!link && topFolders != null && attrs.isDirectory()) {
                topFolders.add(file); // a folder at the walk's depth limit: walked on its own
                return FileVisitResult.CONTINUE;
            }
            if (!link) { // a plain file inside a folder already checked cannot lead out
                return visitTarget(file, rel, attrs);
            }
            Path real = realPathOrNull(file);
            if (real == null) {
                found.problems().add("dangling symlink: " + rel);
            } else if (!real.startsWith(importRoot)) {
                found.problems().add("escapes import root: " + rel + (Files.isDirectory(real) ? "/" : ""));
            } else if (following) {
                return visitTarget(file, rel, attrs); // the walk already followed it
            } else if (Files.isDirectory(real)) {
                Files.walkFileTree(file, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                        new Visitor(source, importRoot, true, found, null));
            } else {
                return visitTarget(file, rel, Files.readAttributes(file, BasicFileAttributes.class));
            }
            return FileVisitResult.CONTINUE;
        }

        /** A file inside the import root, by the attributes of what it is or leads to. */
        private FileVisitResult visitTarget(Path file, String rel, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            if (isIgnoredName(name)) {
                found.ignored().add(new IgnoredFile(rel, name.startsWith(".") ? "hidden" : "system file"));
            } else if (!attrs.isRegularFile()) {
                found.ignored().add(new IgnoredFile(rel, "not a regular file"));
            } else if (notImageExtension(name) != null) {
                found.others().add(new WalkedFile(rel, file));
                found.stamps().put(rel, FileStamp.of(file));
            } else {
                found.images().add(new WalkedFile(rel, file));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            String rel = relative(source, file);
            if (e instanceof FileSystemLoopException) {
                found.problems().add("symlink loop: " + rel);
            } else if (!Files.exists(file)) {
                found.problems().add("dangling symlink: " + rel);
            } else {
                found.problems().add("unreadable: " + rel + " (" + e.getMessage() + ")");
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
                throw e; // a folder whose entries could not be listed: the source cannot be scanned
            }
            return FileVisitResult.CONTINUE;
        }
    }

    private static void ignoreTree(Path source, Path dir, List<IgnoredFile> ignored) throws IOException {
        // not following links: an ignored folder is only counted, never read
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> ignored.add(new IgnoredFile(relative(source, p), "in hidden or system folder")));
        }
    }

    private static Path realPathOrNull(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    static String relative(Path source, Path file) {
        // the walk resolves every path from the source's: its text starts with the source's and a separator
        String whole = file.toString();
        String root = source.toString();
        if (whole.length() > root.length() + 1 && whole.startsWith(root) && whole.charAt(root.length()) == '/'
                && "/".equals(file.getFileSystem().getSeparator())) {
            return whole.substring(root.length() + 1);
        }
        Path rel = source.relativize(file);
        StringBuilder text = new StringBuilder();
        for (Path part : rel) {
            if (!text.isEmpty()) {
                text.append('/');
            }
            text.append(part);
        }
        return text.toString();
    }
}
