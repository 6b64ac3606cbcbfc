package io.sightline.dataset.source;

/**
 * Bounds on what an uploaded archive or a remote ({@code s3://}) source may bring in, so a hostile or
 * mistaken source cannot fill the disk or hang a worker.
 *
 * @param maxUploadBytes       largest upload body accepted (bytes); beyond it the request is answered 413
 * @param maxEntries           most entries an archive (or objects a remote source) may hold, folders included
 * @param maxUncompressedBytes most bytes an archive may expand to, or a remote source may hold
 * @param maxCompressionRatio  largest expanded/compressed ratio, per zip entry and for the whole archive
 *                             (checked once more than {@value #RATIO_FLOOR_BYTES} bytes were expanded)
 */
public record SourceLimits(long maxUploadBytes, int maxEntries, long maxUncompressedBytes,
                           double maxCompressionRatio) {

    /** Below this many expanded bytes the ratio is not judged: tiny archives of plain images compress well. */
    public static final long RATIO_FLOOR_BYTES = 1024L * 1024;

    public static final SourceLimits DEFAULTS = new SourceLimits(2L << 30, 200_000, 8L << 30, 100);
}
