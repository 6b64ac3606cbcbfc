package io.sightline.dataset.source;

/** Relative, {@code /}-separated paths inside a source, as walks and tables name them. */
final class SourcePaths {

    private SourcePaths() {
    }

    /** The first segment. */
    static String first(String path) {
        return path.substring(0, path.indexOf('/'));
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code base/path} with {@code ./} dropped; a path leading out (..) or absolute gives a name no image has. */
    static String join(String base, String path) {
        String p = path.trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return base.isEmpty() ? p : base + "/" + p;
    }
}
