package io.sightline.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns encoded images (PNG, JPEG, BMP, GIF, PPM/PGM) into model input, the one way both training and
 * serving do it: decode, convert to the signature's channels, resize (bilinear) to its size, scale to
 * [0, 1], normalise by its mean and std, lay out as CHW floats.
 */
public final class ImagePreprocessor {

    /** Default decoding limit: 40 megapixels, far above any classifier input, far below an OOM. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    static {
        // plugins on the class path (TwelveMonkeys) register through the context class loader,
        // which under Quarkus is not the one ImageIO saw first
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private final ImageSignature signature;
    private final long maxPixels;

    public ImagePreprocessor(ImageSignature signature) {
        this(signature, DEFAULT_MAX_PIXELS);
    }

    public ImagePreprocessor(ImageSignature signature, long maxPixels) {
        this.signature = signature;
        this.maxPixels = maxPixels;
    }

    public ImageSignature signature() {
        return signature;
    }

    /** Decodes and preprocesses one encoded image into {@code channels × height × width} floats. */
    public float[] preprocess(byte[] encoded) throws InvalidImageException {
        return preprocess(decode(encoded, maxPixels));
    }

    /** Preprocesses an already decoded image. */
    public float[] preprocess(BufferedImage image) {
        int w = signature.width();
        int h = signature.height();
        BufferedImage resized = resize(image, w, h);
        int[] argb = resized.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        float[] out = new float[signature.inputSize()];
        if (signature.channels() == 1) {
            float mean = signature.mean().get(0);
            float std = signature.std().get(0);
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                // ITU-R BT.601 luma, as PIL's convert("L")
                float gray = (0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff)) / 255f;
                out[i] = (gray - mean) / std;
            }
        } else {
            float[] mean = {signature.mean().get(0), signature.mean().get(1), signature.mean().get(2)};
            float[] std = {signature.std().get(0), signature.std().get(1), signature.std().get(2)};
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                out[i] = (((p >> 16) & 0xff) / 255f - mean[0]) / std[0];
                out[plane + i] = (((p >> 8) & 0xff) / 255f - mean[1]) / std[1];
                out[2 * plane + i] = ((p & 0xff) / 255f - mean[2]) / std[2];
            }
        }
        return out;
    }

    /** Stacks preprocessed images into one {@code [N, C, H, W]} array owned by {@code manager}. */
    public NDArray batch(NDManager manager, List<float[]> images) {
        int size = signature.inputSize();
        FloatBuffer buffer = FloatBuffer.allocate(images.size() * size);
        for (float[] image : images) {
            if (image.length != size) {
                throw new IllegalArgumentException("expected " + size + " values per image, got " + image.length);
            }
            buffer.put(image);
        }
        buffer.flip();
        return manager.create(buffer,
                new Shape(images.size(), signature.channels(), signature.height(), signature.width()));
    }

    /**
     * Decodes an image, refusing before decoding anything whose header announces more than
     * {@code maxPixels} pixels (a 50,000 × 50,000 PNG is a few KB and would need 10 GB).
     */
    public static BufferedImage decode(byte[] encoded, long maxPixels) throws InvalidImageException {
        if (encoded == null || encoded.length == 0) {
            throw new InvalidImageException("empty image");
        }
        // straight over the array: ImageIO's own stream over an InputStream copies it through a block cache and
        // two buffers per request, most of what a small image allocated (bench/inference, JFR)
        try (ImageInputStream in = new ByteArrayImageInputStream(encoded)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException("not a supported image format (PNG, JPEG, BMP, GIF, PPM/PGM)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new InvalidImageException("image of " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels exceeds the limit of " + maxPixels + " pixels");
                }
                BufferedImage image = reader.read(0);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new InvalidImageException("image has no pixels");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException("unreadable image: " + e.getMessage(), e);
        }
    }

    private static BufferedImage resize(BufferedImage image, int w, int h) {
        if (image.getWidth() == w && image.getHeight() == h && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
