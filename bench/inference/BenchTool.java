import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import io.sightline.events.EventTypes;
import io.sightline.events.ModelPromoted;
import io.sightline.events.Topics;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import io.sightline.vision.Classifier;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.ModelArtifact;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The in-process half of the inference benchmark, run as a single-file program on the service's own
 * class path (inference-service/target/quarkus-app/lib/main/*):
 *
 *   publish STORE MODEL VERSION SEED   write the default CNN (cnn, 32x32x3, 3 classes, random weights)
 *   promote BOOTSTRAP MODEL VERSION    send a model.promoted CloudEvent (binary mode) to sightline.models
 *   image FILE                         write the PNG the load generator sends (64x48, a disc)
 *   raw STORE MODEL VERSION FILE N     in-process: forward pass alone, and decode+preprocess+forward, N times
 */
public class BenchTool {

    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "publish" -> publish(Path.of(args[1]), args[2], args[3], Long.parseLong(args[4]));
            case "promote" -> promote(args[1], args[2], args[3]);
            case "publish-many" -> { // root prefix count: models <prefix>0..<prefix>N-1, version 1 each
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    publish(Path.of(args[1]), args[2] + i, "1", i);
                }
            }
            case "promote-many" -> { // bootstrap prefix count
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    promote(args[1], args[2] + i, "1");
                }
            }
            case "image" -> image(new File(args[1]));
            case "raw" -> raw(Path.of(args[1]), args[2], args[3], Path.of(args[4]), Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void publish(Path root, String model, String version, long seed) throws Exception {
        Engine.getInstance().setRandomSeed((int) seed);
        FileArtifactStore store = new FileArtifactStore(root);
        ArchitectureSpec spec = ArchitectureSpec.cnn(32, 3, CLASSES.size());
        try (Model djl = Model.newInstance("bench"); Publication publication = store.publish(
                StoreKeys.modelVersion(model, version))) {
            Block block = Architectures.build(spec);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            djl.setBlock(block);
            block.initialize(djl.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ModelArtifact.write(publication.directory(), block, spec, ImageSignature.rgb(32, CLASSES));
            publication.commit();
        }
        System.out.println(StoreKeys.modelVersion(model, version));
    }

    static void promote(String bootstrap, String model, String version) throws Exception {
        ModelPromoted promoted = new ModelPromoted(UUID.randomUUID().toString(), model, version,
                StoreKeys.modelVersion(model, version), "bench", "bench", "1", 0.0, Instant.now());
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS, model,
                    StoreJson.mapper().writeValueAsBytes(promoted));
            record.headers().add("ce_specversion", bytes("1.0"));
            record.headers().add("ce_id", bytes(promoted.eventId()));
            record.headers().add("ce_type", bytes(EventTypes.MODEL_PROMOTED));
            record.headers().add("ce_source", bytes("/sightline/bench"));
            record.headers().add("content-type", bytes("application/json"));
            producer.send(record).get();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void image(File file) throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(16, 12, 32, 24);
        g.dispose();
        ImageIO.write(image, "png", file);
    }

    static void raw(Path root, String model, String version, Path imageFile, int n) throws Exception {
        byte[] png = java.nio.file.Files.readAllBytes(imageFile);
        try (Classifier classifier = ModelArtifact.load(root.resolve(StoreKeys.modelVersion(model, version)))) {
            float[] input = classifier.preprocessor().preprocess(png);
            List<float[]> one = List.of(input);
            for (int i = 0; i < 200; i++) {
                classifier.probabilities(one);
            }
            long[] forward = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                classifier.probabilities(one);
                forward[i] = System.nanoTime() - t;
            }
            long[] full = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                float[] x = classifier.preprocessor().preprocess(png);
                classifier.topK(classifier.probabilities(List.of(x))[0], 3);
                full[i] = System.nanoTime() - t;
            }
            List<float[]> sixteen = Collections.nCopies(16, input);
            for (int i = 0; i < 20; i++) {
                classifier.probabilities(sixteen);
            }
            int batches = Math.max(10, n / 16);
            long t = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                classifier.probabilities(sixteen);
            }
            double batchSeconds = (System.nanoTime() - t) / 1e9;
            System.out.printf("raw forward batch 1: p50 %.3f ms, p99 %.3f ms, %.0f img/s (n=%d, one thread)%n",
                    pct(forward, 50), pct(forward, 99), n / (Arrays.stream(forward).sum() / 1e9), n);
            System.out.printf("raw decode+preprocess+forward+topK batch 1: p50 %.3f ms, p99 %.3f ms (n=%d)%n",
                    pct(full, 50), pct(full, 99), n);
            System.out.printf("raw forward batch 16: %.0f img/s (%d batches, one thread)%n",
                    batches * 16 / batchSeconds, batches);
        }
    }

    static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
