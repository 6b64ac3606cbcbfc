package io.sightline.dataset.source;

import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * Walks a source folder once and lists what a {@link LayoutReader} needs: images, the files that say they are
 * not images (labels, annotations, names files), and the folders. Hidden and system files are ignored and
 * counted. Symlinks are followed only while they stay inside the import root: one that leads out is a problem,
 * never a file to read.
 */
public final class SourceScanner {

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

    /** Walks {@code source}, a real path inside {@code importRoot} (also a real path). */
    public Walk walk(Path source, Path importRoot) throws IOException {
        TreeSet<String> folders = new TreeSet<>();
        List<WalkedFile> images = new ArrayList<>();
        List<WalkedFile> others = new ArrayList<>();
        List<IgnoredFile> ignored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // before a folder's entries or a label file's lines are read: a change from here on moves its stamp
        Map<String, FileStamp> stamps = new HashMap<>();

        // not following links: a plain file costs one lstat, which also says whether it is a link; a link (rare) is
        // resolved, checked against the import root, and a folder it leads to walked as if followed
        Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                new Visitor(source, importRoot, false, folders, images, others, ignored, problems, stamps));
        images.sort(Comparator.comparing(WalkedFile::path));
        others.sort(Comparator.comparing(WalkedFile::path));
        ignored.sort(Comparator.comparing(IgnoredFile::path));
        return new Walk(List.copyOf(folders), images, others, ignored, problems,
                stamps.containsValue(null) ? null : Map.copyOf(stamps));
    }

    /** What a walk collects; {@code following}: inside a folder reached through a link, links are followed. */
    private record Visitor(Path source, Path importRoot, boolean following, Set<String> folders,
                           List<WalkedFile> images, List<WalkedFile> others, List<IgnoredFile> ignored,
                           List<String> problems, Map<String, FileStamp> stamps) implements FileVisitor<Path> {

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(source)) {
                stamps.put("", FileStamp.of(dir));
                return FileVisitResult.CONTINUE;
            }
            String rel = relative(source, dir);
            Path real = realPathOrNull(dir);
            if (real == null || !real.startsWith(importRoot)) {
                problems.add("escapes import root: " + rel + "/");
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (isIgnoredName(dir.getFileName().toString())) {
                ignoreTree(source, dir, ignored);
                return FileVisitResult.SKIP_SUBTREE;
            }
            folders.add(rel);
            stamps.put(rel + "/", FileStamp.of(dir));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            String rel = relative(source, file);
            boolean link = following ? Files.isSymbolicLink(file) : attrs.isSymbolicLink();
            if (!link) { // a plain file inside a folder already checked cannot lead out
                return visitTarget(file, rel, attrs);
            }
            Path real = realPathOrNull(file);
            if (real == null) {
                problems.add("dangling symlink: " + rel);
            } else if (!real.startsWith(importRoot)) {
                problems.add("escapes import root: " + rel + (Files.isDirectory(real) ? "/" : ""));
            } else if (following) {
                return visitTarget(file, rel, attrs); // the walk already followed it
            } else if (Files.isDirectory(real)) {
                Files.walkFileTree(file, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                        new Visitor(source, importRoot, true, folders, images, others, ignored, problems, stamps));
            } else {
                return visitTarget(file, rel, Files.readAttributes(file, BasicFileAttributes.class));
            }
            return FileVisitResult.CONTINUE;
        }

        /** A file inside the import root, by the attributes of what it is or leads to. */
        private FileVisitResult visitTarget(Path file, String rel, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            if (isIgnoredName(name)) {
                ignored.add(new IgnoredFile(rel, name.startsWith(".") ? "hidden" : "system file"));
            } else if (!attrs.isRegularFile()) {
                ignored.add(new IgnoredFile(rel, "not a regular file"));
            } else if (notImageExtension(name) != null) {
                others.add(new WalkedFile(rel, file));
                stamps.put(rel, FileStamp.of(file));
            } else {
                images.add(new WalkedFile(rel, file));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            String rel = relative(source, file);
            if (e instanceof FileSystemLoopException) {
                problems.add("symlink loop: " + rel);
            } else if (!Files.exists(file)) {
                problems.add("dangling symlink: " + rel);
            } else {
                problems.add("unreadable: " + rel + " (" + e.getMessage() + ")");
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
