package io.sightline.e2e;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A generated, class-per-folder image dataset: discs, horizontal stripes and vertical stripes in random
 * colours, positions and sizes, with pixel noise. Easy for a small CNN, impossible by colour alone, and
 * fully determined by the seed.
 */
public final class ShapesDataset {

    public static final List<String> CLASSES = List.of("disc", "horizontal", "vertical");

    private final int size;
    private final Random random;

    public ShapesDataset(int size, long seed) {
        this.size = size;
        this.random = new Random(seed);
    }

    /** Writes {@code perClass} PNGs into {@code root/<class>/<class>-NNN.png}. */
    public Path write(Path root, int perClass) throws IOException {
        for (String label : CLASSES) {
            Path dir = Files.createDirectories(root.resolve(label));
            for (int i = 0; i < perClass; i++) {
                Files.write(dir.resolve(String.format("%s-%03d.png", label, i)), png(label));
            }
        }
        return root;
    }

    /** One encoded image of the class. */
    public byte[] png(String label) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(label), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    BufferedImage image(String label) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color background = randomColor();
        Color foreground = contrasting(background);
        g.setColor(background);
        g.fillRect(0, 0, size, size);
        g.setColor(foreground);
        switch (label) {
            case "disc" -> {
                int d = size / 3 + random.nextInt(size / 3);
                g.fillOval(random.nextInt(size - d + 1), random.nextInt(size - d + 1), d, d);
            }
            case "horizontal", "vertical" -> {
                int period = Math.max(4, size / 8 + random.nextInt(size / 8 + 1));
                int thickness = Math.max(1, period / 2);
                for (int p = random.nextInt(period) - period; p < size; p += period) {
                    if (label.equals("horizontal")) {
                        g.fillRect(0, p, size, thickness);
                    } else {
                        g.fillRect(p, 0, thickness, size);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown class " + label);
        }
        g.dispose();
        addNoise(image);
        return image;
    }

    private Color randomColor() {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private Color contrasting(Color background) {
        while (true) {
            Color c = randomColor();
            int distance = Math.abs(c.getRed() - background.getRed()) + Math.abs(c.getGreen() - background.getGreen())
                    + Math.abs(c.getBlue() - background.getBlue());
            if (distance > 200) {
                return c;
            }
        }
    }

    private void addNoise(BufferedImage image) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xff) + (int) (random.nextGaussian() * 12));
                int gr = clamp(((rgb >> 8) & 0xff) + (int) (random.nextGaussian() * 12));
                int b = clamp((rgb & 0xff) + (int) (random.nextGaussian() * 12));
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
