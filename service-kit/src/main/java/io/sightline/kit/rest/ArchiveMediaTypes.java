package io.sightline.kit.rest;

/**
 * The media types an archive upload may carry; anything else is refused with 415. Left out on purpose:
 * {@code text/plain}, {@code multipart/form-data} and {@code application/x-www-form-urlencoded}, the types
 * a web page may send cross-origin without a preflight ({@code fetch(..., {mode: "no-cors"})}): none of
 * them can reach an upload endpoint, so no page a user visits can upload to a service it can reach. Which
 * archive it is, is told from the bytes, not from the type.
 */
public final class ArchiveMediaTypes {

    public static final String ZIP = "application/zip";
    public static final String ZIP_LEGACY = "application/x-zip-compressed";
    public static final String TAR = "application/x-tar";
    public static final String GTAR = "application/x-gtar";
    public static final String GZIP = "application/gzip";
    public static final String GZIP_LEGACY = "application/x-gzip";
    public static final String TAR_GZ = "application/x-compressed-tar";
    /** What tools send when they do not know; also what JAX-RS assumes of a body without a type. */
    public static final String BYTES = "application/octet-stream";

    /** For documentation and answers. */
    public static final String LIST = ZIP + ", " + ZIP_LEGACY + ", " + TAR + ", " + GTAR + ", " + GZIP + ", "
            + GZIP_LEGACY + ", " + TAR_GZ + ", " + BYTES;

    private ArchiveMediaTypes() {
    }
}
