package io.sightline.trainer.report;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The software and hardware a run trained on, for the report and {@code metrics.json}.
 *
 * @param java       Java runtime version and vendor
 * @param quarkus    Quarkus version (null outside the service)
 * @param djl        Deep Java Library version
 * @param pytorch    PyTorch (libtorch) version of the engine
 * @param device     where training ran: {@code cpu()} or {@code gpu(n)}
 * @param gpus       GPUs the engine sees
 * @param cuda       CUDA runtime version, null without a GPU
 * @param gpuNames   names of the GPUs ({@code nvidia-smi}), empty without
 * @param cpu        CPU model
 * @param cores      processors available to the JVM
 * @param threads    intra-op threads PyTorch was told to use (null: its default, one per core)
 * @param os         operating system, version and architecture
 */
public record Environment(String java, String quarkus, String djl, String pytorch, String device, int gpus,
                          String cuda, List<String> gpuNames, String cpu, int cores, String threads, String os) {

    /** Describes this JVM's environment (starts the engine if it has not started). */
    public static Environment current(String quarkusVersion, String device) {
        Engine engine = Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        return new Environment(
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
                quarkusVersion,
                Engine.getDjlVersion(),
                engine.getVersion(),
                device,
                gpus,
                gpus > 0 && CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null,
                gpus > 0 ? queryGpuNames() : List.of(),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")");
    }

    /** The version of a library from its jar's Maven metadata, null when not found. */
    public static String libraryVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (var in = Environment.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static List<String> queryGpuNames() {
        try {
            Process process = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return List.of();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList()
                    : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
