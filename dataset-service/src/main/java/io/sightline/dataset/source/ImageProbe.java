package io.sightline.dataset.source;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.sightline.kit.image.DecodeBudget;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Proves bytes are an image by decoding them once with ImageIO (PNG, GIF, BMP, JPEG incl. CMYK, PNM via
 * the TwelveMonkeys plugins), tells their size and their perceptual hash ({@link DHash#of}).
 *
 * <p>The size comes from the header and is checked before any pixel is decoded, against {@link #maxPixels} and
 * against the {@link DecodeBudget} (a share of the heap, counting the bytes per pixel the header's bands and
 * bit depth need): a 40-byte file claiming 100000×100000 pixels is refused without allocating anything. Only
 * the hash needs the pixels, and a 9×8 hash does not need all of them: images over {@link #HASH_PIXELS} are
 * read subsampled (every row and column is still decoded, so a damaged file still fails). An
 * {@link OutOfMemoryError} in one decode makes that file {@code too large}, not the import.
 *
 * <p>Lean path: asking ImageIO for "a reader for this stream" tries every registered plugin on the bytes
 * and creates a new reader each time; for 28×28 images that overhead is most of the decode. So the format
 * is told from the file's first bytes and each thread keeps one reader per format, reset between files.
 * Anything not recognised that way goes through ImageIO's own lookup. Leaner still, the common PNGs
 * (8-bit grey, RGB, RGBA) are decoded by {@link LeanPng} straight to size and dHash; any PNG it does not
 * take goes to ImageIO.
 */
public final class ImageProbe {

    /** Default largest image decoded, in pixels: a bigger one would need gigabytes of heap to prove it decodes. */
    public static final long MAX_PIXELS = 100_000_000L;

    static {
        // plugins are found through the context class loader; in Quarkus that is not the one ImageIO saw
        // when it first initialised, so scan once explicitly. No disk cache: images are small and a
        // service should not litter the temp dir.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    /** One reader per format per thread; readers are not thread-safe and cost more to create than to use. */
    private static final ThreadLocal<Map<String, ImageReader>> READERS = ThreadLocal.withInitial(HashMap::new);

    /** Images with more pixels are read subsampled to about this many for the hash. */
    static final long HASH_PIXELS = 1L << 20;

    private final long maxPixels;
    private final DecodeBudget budget;

    public ImageProbe() {
        this(MAX_PIXELS);
    }

    public ImageProbe(long maxPixels) {
        this(maxPixels, DecodeBudget.ofHeap());
    }

    public ImageProbe(long maxPixels, DecodeBudget budget) {
        this.maxPixels = maxPixels;
        this.budget = budget;
    }

    /**
     * The outcome of decoding one file: a size and hash, or why it is not an image.
     *
     * @param width   pixels, 0 when not decoded
     * @param height  pixels, 0 when not decoded
     * @param dhash   64-bit difference hash of the pixels, 0 when not decoded
     * @param failure null when decoded, else the reason
     */
    public record Result(int width, int height, long dhash, String failure) {

        public boolean decoded() {
            return failure == null;
        }

        static Result failed(String why) {
            return new Result(0, 0, 0, why);
        }
    }

    /**
     * A region of an image, encoded as PNG (lossless: the crop keeps every pixel of the original region).
     *
     * @param png     the crop's bytes, or null when it failed
     * @param failure why it failed, else null
     */
    public record Cropped(byte[] png, int width, int height, long dhash, String failure) {
    }

    /**
     * Cuts {@code box} out of {@code content}, which {@link #probe} already decoded within the pixel limit; the
     * box must lie inside the image.
     */
    public Cropped crop(byte[] content, io.sightline.storage.DatasetManifest.Crop box) {
        try {
            BufferedImage image = decodeWhole(content);
            if (image == null) {
                return new Cropped(null, 0, 0, 0, "not a recognised image format");
            }
            if (box.x2() > image.getWidth() || box.y2() > image.getHeight()) {
                return new Cropped(null, 0, 0, 0, "region of interest " + box.x1() + "," + box.y1() + "-" + box.x2()
                        + "," + box.y2() + " lies outside the " + image.getWidth() + "x" + image.getHeight() + " image");
            }
            BufferedImage region = image.getSubimage(box.x1(), box.y1(), box.width(), box.height());
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            if (!ImageIO.write(region, "png", png)) {
                return new Cropped(null, 0, 0, 0, "the crop cannot be encoded as PNG");
            }
            return new Cropped(png.toByteArray(), region.getWidth(), region.getHeight(), DHash.of(region), null);
        } catch (IOException | RuntimeException e) {
            return new Cropped(null, 0, 0, 0, "does not decode: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            return new Cropped(null, 0, 0, 0, outOfMemory());
        }
    }

    /** The whole image; within the budget since {@link #probe} passed it, but the heap is shared. */
    private static BufferedImage decodeWhole(byte[] content) throws IOException {
        return ImageIO.read(new ByteArrayImageInputStream(content));
    }

    private String outOfMemory() {
        // the decode's arrays are unreachable once its frame is gone: nothing here keeps them
        return "too large to decode: the heap ran out while decoding it (limit " + (budget.maxBytes() >> 20)
                + " MiB per image)";
    }

    /** Decodes {@code content}; never throws for bad content. */
    public Result probe(byte[] content) {
        if (content.length == 0) {
            return Result.failed("empty file");
        }
        String format = sniff(content);
        if ("png".equals(format)) {
            // the lean path holds the whole raw image (at most 4 bytes per pixel)
            Result lean = LeanPng.decode(content, Math.min(maxPixels, budget.maxBytes() / 4));
            if (lean != null) {
                return lean;
            }
        }
        try (ImageInputStream in = new ByteArrayImageInputStream(content)) { // no copy through a block cache
            ImageReader reader = format == null ? null : cachedReader(format);
            boolean cached = reader != null;
            if (reader == null) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    return Result.failed("not a recognised image format");
                }
                reader = readers.next();
            }
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    return Result.failed("header claims an empty image: " + width + "x" + height);
                }
                if ((long) width * height > maxPixels) {
                    return new Result(width, height, 0, "too large to decode: " + width + "x" + height
                            + " pixels (limit " + maxPixels + ")");
                }
                String over = budget.refusal(width, height, DecodeBudget.bytesPerPixel(reader));
                if (over != null) {
                    return new Result(width, height, 0, over);
                }
                // the header alone proves nothing: a truncated file fails here
                BufferedImage image = reader.read(0, hashRead(reader, width, height));
                return new Result(width, height, DHash.of(image), null);
            } catch (OutOfMemoryError e) {
                if (cached) {
                    READERS.get().remove(format); // a fresh reader next time: this one may hold a part of the image
                    cached = false;
                }
                return new Result(0, 0, 0, outOfMemory());
            } finally {
                if (cached) {
                    reader.reset();
                } else {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            // decoders signal truncated or malformed data with all sorts of runtime exceptions
            return Result.failed("does not decode: " + e.getMessage());
        }
    }

    /** Subsampled to about {@link #HASH_PIXELS} when larger: a 9×8 hash needs no more. */
    private static ImageReadParam hashRead(ImageReader reader, int width, int height) {
        ImageReadParam param = reader.getDefaultReadParam();
        long pixels = (long) width * height;
        if (pixels > HASH_PIXELS) {
            int step = (int) Math.ceil(Math.sqrt((double) pixels / HASH_PIXELS));
            param.setSourceSubsampling(step, step, 0, 0);
        }
        return param;
    }

    private static ImageReader cachedReader(String format) {
        return READERS.get().computeIfAbsent(format, f -> {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(f);
            return readers.hasNext() ? readers.next() : null;
        });
    }

    /** The format a file's magic bytes announce, or null to let ImageIO find out. */
    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "gif";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (b.length >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && Character.isWhitespace(b[2])) {
            return "pnm";
        }
        return null;
    }
}
