package io.sightline.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Proves bytes are an image by decoding them once with ImageIO (PNG, GIF, BMP, JPEG incl. CMYK, PNM via
 * the TwelveMonkeys plugins) and tells their size.
 */
public final class ImageProbe {

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
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(content));
            if (image == null) {
                return new Result(0, 0, "not a recognised image format");
            }
            return new Result(image.getWidth(), image.getHeight(), null);
        } catch (IOException | RuntimeException e) {
            // decoders signal truncated or malformed data with all sorts of runtime exceptions
            return new Result(0, 0, "does not decode: " + e.getMessage());
        }
    }
}
