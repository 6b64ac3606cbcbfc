package io.sightline.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * The warm-up's pictures (decision 113): small, distinct, and as varied as the images users bring, so that the code
 * the JIT compiles during the warm-up has seen every branch a real import takes. A PNG in the wild may use any of
 * the five row filters (encoders such as PIL's write "none" only, ImageIO's pick per row) and be grey, RGB or RGBA;
 * code compiled on one kind meets the others as an uncommon trap, and is thrown away and compiled again in the middle
 * of the user's import. So the PNGs are encoded here, every filter type in turn, in each colour type; a share are
 * JPEGs. And as in real datasets (Fashion-MNIST holds both), a few pictures are byte-for-byte copies of one before them
 * in their class, and a few are that picture with one pixel changed: the put path's "already in this batch" branch,
 * content groups of more than one file and near-duplicate pairs are taken during the warm-up too.
 */
final class WarmUpImages {

    static final int SIDE = 28;
    /** Every eighth picture is a JPEG; of the rest, every seventh RGB and every seventh RGBA, the others grey. */
    private static final int JPEG_EVERY = 8;
    private static final int COLOUR_EVERY = 7;
    /** Every 25th picture repeats one of its class byte for byte; another in 25 changes one pixel of one. */
    private static final int REPEAT_EVERY = 25;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private WarmUpImages() {
    }

    /** Writes {@code files} pictures into {@code classes} class folders of {@code source}. */
    static void write(Path source, int files, int classes) throws IOException {
        Random random = new Random(42);
        for (int c = 0; c < classes; c++) {
            Files.createDirectories(source.resolve("class-" + c));
        }
        byte[][] lastGrey = new byte[classes][]; // each class's latest grey picture: its pixels and its file
        byte[][] lastPng = new byte[classes][];
        for (int i = 0; i < files; i++) {
            int c = i % classes;
            Path folder = source.resolve("class-" + c);
            if (lastGrey[c] != null && i % REPEAT_EVERY == 0) {
                Files.write(folder.resolve(i + ".png"), lastPng[c]);
            } else if (lastGrey[c] != null && i % REPEAT_EVERY == REPEAT_EVERY / 2) {
                byte[] pixels = lastGrey[c].clone();
                pixels[random.nextInt(pixels.length)] ^= 0x7f;
                Files.write(folder.resolve(i + ".png"), png(pixels, SIDE, SIDE, 1, i));
            } else if (i % JPEG_EVERY == JPEG_EVERY - 1) {
                BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR);
                byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
                fill(pixels, 3, c, random);
                ImageIO.write(image, "jpeg", folder.resolve(i + ".jpg").toFile());
            } else {
                int channels = i % COLOUR_EVERY == 1 ? 3 : i % COLOUR_EVERY == 2 ? 4 : 1;
                byte[] pixels = new byte[SIDE * SIDE * channels];
                fill(pixels, channels, c, random);
                byte[] png = png(pixels, SIDE, SIDE, channels, i);
                Files.write(folder.resolve(i + ".png"), png);
                if (channels == 1) {
                    lastGrey[c] = pixels;
                    lastPng[c] = png;
                }
            }
        }
    }

    /** Noise over the class's own gradient, so every picture differs and each class has a look of its own. */
    private static void fill(byte[] pixels, int channels, int c, Random random) {
        for (int p = 0; p < pixels.length; p++) {
            int at = p / channels;
            int gradient = c % 3 == 0 ? at % SIDE : c % 3 == 1 ? at / SIDE : (at % SIDE + at / SIDE) / 2;
            pixels[p] = (byte) Math.min(255, gradient * 8 + random.nextInt(64));
        }
    }

    /**
     * An 8-bit PNG of {@code pixels} (grey, RGB or RGBA by {@code channels}), row {@code r} filtered with type
     * {@code (r + first) % 5}: none, sub, up, average, Paeth.
     */
    static byte[] png(byte[] pixels, int width, int height, int channels, int first) throws IOException {
        int stride = width * channels;
        byte[] filtered = new byte[height * (stride + 1)];
        for (int r = 0; r < height; r++) {
            int type = (r + first) % 5;
            int out = r * (stride + 1);
            filtered[out] = (byte) type;
            for (int x = 0; x < stride; x++) {
                int value = pixels[r * stride + x] & 0xff;
                int left = x >= channels ? pixels[r * stride + x - channels] & 0xff : 0;
                int up = r > 0 ? pixels[(r - 1) * stride + x] & 0xff : 0;
                int upLeft = r > 0 && x >= channels ? pixels[(r - 1) * stride + x - channels] & 0xff : 0;
                int predicted = switch (type) {
                    case 1 -> left;
                    case 2 -> up;
                    case 3 -> (left + up) >>> 1;
                    case 4 -> paeth(left, up, upLeft);
                    default -> 0;
                };
                filtered[out + 1 + x] = (byte) (value - predicted);
            }
        }
        Deflater deflater = new Deflater();
        deflater.setInput(filtered);
        deflater.finish();
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            zlib.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        int colourType = channels == 1 ? 0 : channels == 3 ? 2 : 6;
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(SIGNATURE);
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", zlib.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(name);
        png.write(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
