package io.sightline.trainer.jobs.queue;

import io.sightline.events.TrainingParameters;
import io.sightline.trainer.training.TrainingSpec;
import io.sightline.vision.ArchitectureSpec;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much memory a job needs at its peak, estimated from its parameters before it is queued, against what this
 * trainer may give one job: a request that cannot fit is refused with the numbers instead of killing worker after
 * worker (decision 095).
 *
 * <p>Estimate = batch × 3 channels × side² × 4 bytes × the architecture's activation factor (the activations kept
 * for the backward pass and their gradients, per input value) + parameters × 16 bytes (weights, gradients and
 * Adam's two moments; 48 with {@code learningRateAuto}: while the range test runs it also holds the initial weights
 * and up to six steps' weights, decision 101) + 256 MiB (the engine and its allocator). Factors measured on this project's CPU machine
 * (PyTorch 2.7.1, peak RSS of three training steps, the slope between two batch sizes): cnn 116 at 32 px, resnet18
 * 98 and mobilenet_v2 322 at 96 px; rounded up to 150, 150 and 350. Transfer: 50 and resnet18's parameters, not
 * measured (its backbone runs without gradients). A batch size of 0 counts as the batch the dataset would get.
 */
public final class TrainingMemory {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long ENGINE_BYTES = 256 * MIB;
    /** Left to the JVM's own needs (metaspace, threads, code) and to PyTorch's library, outside the heap. */
    private static final long NATIVE_RESERVE = 512 * MIB;
    /** The largest batch size a request sized "to the dataset" can get (see TrainingSpec.defaultBatchSize). */
    private static final int LARGEST_DEFAULT_BATCH = 128;
    /**
     * Not measured: a frozen backbone runs in inference mode and keeps nothing for a backward pass, so only the
     * head and, when fine-tuning, the top third keep activations; a third of the trained networks' factor.
     */
    private static final int TRANSFER_FACTOR = 50;
    private static final long RESNET18_PARAMETERS = 905_514;
    private static final long MOBILENET_V2_PARAMETERS = 2_271_178;

    private final long budgetBytes;

    private TrainingMemory(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** No limit: tests and callers that only validate. */
    public static TrainingMemory unlimited() {
        return new TrainingMemory(Long.MAX_VALUE);
    }

    public static TrainingMemory within(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + budgetBytes);
        }
        return new TrainingMemory(budgetBytes);
    }

    /**
     * The budget when none is configured: the memory of the machine or container (as the JVM sees it) less the
     * JVM's maximum heap and a reserve for the JVM's and PyTorch's own needs, at least 1 GiB. PyTorch's tensors live
     * outside the heap, so the heap is what they cannot have.
     */
    public static TrainingMemory ofThisMachine() {
        long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return within(Math.max(GIB, total - Runtime.getRuntime().maxMemory() - NATIVE_RESERVE));
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /**
     * Why the job cannot fit, with the numbers; empty when it fits.
     *
     * @param trainingImages the dataset version's training images, which size a batch of 0; 0 when not known yet
     *                       (a retrain binding): the largest such batch is assumed
     */
    public Optional<String> problem(TrainingParameters parameters, int trainingImages) {
        if (budgetBytes == Long.MAX_VALUE) {
            return Optional.empty();
        }
        int batch = parameters.batchSize() > 0 ? parameters.batchSize()
                : trainingImages > 0 ? TrainingSpec.defaultBatchSize(trainingImages) : LARGEST_DEFAULT_BATCH;
        long needs = estimate(parameters.toBuilder().setBatchSize(batch).build());
        if (needs <= budgetBytes) {
            return Optional.empty();
        }
        return Optional.of("batch " + batch + " at " + side(parameters) + " px needs about "
                + readable(needs) + "; this trainer has " + readable(budgetBytes)
                + " (sightline.trainer.memory-budget): lower batchSize or imageSize");
    }

    /** The estimated peak bytes of a job; see the class comment for the formula. */
    public static long estimate(TrainingParameters parameters) {
        String architecture = String.valueOf(parameters.architecture());
        int side = side(parameters);
        double inputs = (double) batch(parameters) * 3 * side * side;
        double bytes = inputs * 4 * activationFactor(architecture)
                + (double) trainedParameters(architecture, side) * (Boolean.TRUE.equals(parameters.learningRateAuto())
                        ? 48 : 16) + ENGINE_BYTES;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    static int activationFactor(String architecture) {
        return switch (architecture) {
            case ArchitectureSpec.MOBILENET_V2 -> 350;
            case ParameterRules.TRANSFER -> TRANSFER_FACTOR;
            default -> 150;
        };
    }

    /** Parameters trained (so with gradients and Adam state); the cnn's grow with the side through its flatten. */
    static long trainedParameters(String architecture, int side) {
        switch (architecture) {
            case ArchitectureSpec.MOBILENET_V2:
                return MOBILENET_V2_PARAMETERS;
            case ArchitectureSpec.CNN: {
                List<Integer> filters = ArchitectureSpec.cnn(side, 3, 2).filters();
                long parameters = 0;
                int in = 3;
                for (int out : filters) {
                    parameters += 9L * in * out + 3L * out; // 3×3 kernel and bias, batch norm
                    in = out;
                }
                long cells = (long) (side >> filters.size()) * (side >> filters.size());
                int dense = 128;
                return parameters + cells * in * dense + dense;
            }
            default:
                return RESNET18_PARAMETERS;
        }
    }

    private static int batch(TrainingParameters parameters) {
        return parameters.batchSize() > 0 ? parameters.batchSize() : LARGEST_DEFAULT_BATCH;
    }

    private static int side(TrainingParameters parameters) {
        return parameters.imageSize() > 0 ? parameters.imageSize()
                : ArchitectureSpec.defaultImageSize(String.valueOf(parameters.architecture()));
    }

    static String readable(long bytes) {
        if (bytes >= 10 * GIB) {
            return String.format(Locale.ROOT, "%d GiB", Math.round((double) bytes / GIB));
        }
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", (double) bytes / GIB);
        }
        return String.format(Locale.ROOT, "%d MiB", Math.max(1, Math.round((double) bytes / MIB)));
    }
}
