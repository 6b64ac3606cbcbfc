package io.sightline.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Proves bytes are an image by decoding them once with ImageIO (PNG, GIF, BMP, JPEG incl. CMYK, PNM via
 * the TwelveMonkeys plugins) and tells their size.
 */
public final class ImageProbe {

    /** Largest image decoded, in pixels: a bigger one would need gigabytes of heap to prove it decodes. */
    static final long MAX_PIXELS = 100_000_000L;

    static {
        // plugins are found through the context class loader; in Quarkus that is not the one ImageIO saw
        // when it first initialised, so scan once explicitly. No disk cache: images are small and a
        // service should not litter the temp dir.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    /**
     * The outcome of decoding one file: a size, or why it is not an image.
     *
     * @param width   pixels, 0 when not decoded
     * @param height  pixels, 0 when not decoded
     * @param failure null when decoded, else the reason
     */
    public record Result(int width, int height, String failure) {

        public boolean decoded() {
            return failure == null;
        }
    }

    /** Decodes {@code content}; never throws for bad content. */
    public Result probe(byte[] content) {
        if (content.length == 0) {
            return new Result(0, 0, "empty file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new Result(0, 0, "not a recognised image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    return new Result(width, height, "too large to decode: " + width + "x" + height + " pixels");
                }
                reader.read(0); // the header alone proves nothing: a truncated file fails here
                return new Result(width, height, null);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // decoders signal truncated or malformed data with all sorts of runtime exceptions
            return new Result(0, 0, "does not decode: " + e.getMessage());
        }
    }
}
