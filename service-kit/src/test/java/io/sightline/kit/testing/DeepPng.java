package io.sightline.kit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A complete, valid PNG of 10000×10000 16-bit RGBA pixels, all zero: under 1 MB on disk, 800 MB decoded.
 * Made once per JVM (deflating 800 MB of zeros takes a few seconds).
 */
public final class DeepPng {

    public static final int SIDE = 10_000;

    private static byte[] made;

    private DeepPng() {
    }

    public static synchronized byte[] bytes() {
        if (made == null) {
            made = make();
        }
        return made.clone();
    }

    private static byte[] make() {
        try {
            ByteArrayOutputStream zlib = new ByteArrayOutputStream();
            byte[] row = new byte[1 + SIDE * 8]; // filter byte 0, then 4 samples of 2 bytes per pixel
            try (DeflaterOutputStream out = new DeflaterOutputStream(zlib, new Deflater(Deflater.BEST_COMPRESSION),
                    1 << 16)) {
                for (int y = 0; y < SIDE; y++) {
                    out.write(row);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
            chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(SIDE).putInt(SIDE).put((byte) 16).put((byte) 6)
                    .put((byte) 0).put((byte) 0).put((byte) 0).array());
            chunk(png, "IDAT", zlib.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
