package io.sightline.trainer.sweeps;

import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.queue.ParameterRules;
import io.sightline.trainer.jobs.queue.RequestedLearningRate;
import io.sightline.trainer.jobs.queue.TrainingDefaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Which trials a sweep runs and how the halving is shaped. The per-trial parameter checks are not here: every
 * trial's job goes through the checks of {@code POST /training-jobs} ({@code TrainingJobs.check}).
 */
final class SweepPlan {

    static final String GRID = "grid";
    static final String RANDOM = "random";
    /** Most trials of one sweep: each is a training job, and the queue is shared. */
    static final int MAX_TRIALS = 32;
    /** Most values one dimension may list. */
    static final int MAX_VALUES = 16;
    /** Successive halving keeps the best 1/ETA of a rung. */
    static final int ETA = 2;
    static final int DEFAULT_RANDOM_TRIALS = 8;
    static final long DEFAULT_SEED = 42;

    private SweepPlan() {
    }

    /** The trials of a sweep, or every problem of the request (beyond the per-job checks). */
    static List<TrialParameters> trials(SweepRequest request) {
        List<String> problems = new ArrayList<>();
        String search = request.search() == null ? null : request.search().trim().toLowerCase(Locale.ROOT);
        if (!GRID.equals(search) && !RANDOM.equals(search)) {
            problems.add("search must be grid or random, got: " + shown(request.search()));
        }
        SweepSpace space = request.space();
        if (space == null) {
            problems.add("space is required: the values of learningRate, batchSize, architecture and augmentation"
                    + " to search");
            space = new SweepSpace(null, null, null, null);
        }
        List<RequestedLearningRate> rates = dimension("learningRate", space.learningRate(), problems);
        List<Integer> batches = dimension("batchSize", space.batchSize(), problems);
        List<String> architectures = dimension("architecture", space.architecture(), problems);
        List<List<String>> augmentations = dimension("augmentation", space.augmentation(), problems);
        if (request.trials() != null && (request.trials() < 1 || request.trials() > MAX_TRIALS)) {
            problems.add("trials must be between 1 and " + MAX_TRIALS + ", got " + request.trials());
        }
        Integer epochs = request.epochs();
        if (epochs != null && (epochs < 1 || epochs > ParameterRules.MAX_EPOCHS)) {
            problems.add("epochs must be between 1 and " + ParameterRules.MAX_EPOCHS + ", got " + epochs);
        }
        Integer budget = request.budgetSeconds();
        if (budget != null && (budget < ParameterRules.MIN_TIME_BUDGET_SECONDS
                || budget > ParameterRules.MAX_TIME_BUDGET_SECONDS)) {
            problems.add("budgetSeconds must be between " + ParameterRules.MIN_TIME_BUDGET_SECONDS + " and "
                    + ParameterRules.MAX_TIME_BUDGET_SECONDS + ", got " + budget);
        }
        if (!problems.isEmpty()) {
            throw new InvalidJobException(String.join("; ", problems));
        }
        List<TrialParameters> grid = new ArrayList<>();
        for (RequestedLearningRate rate : rates) {
            for (Integer batch : batches) {
                for (String architecture : architectures) {
                    for (List<String> augmentation : augmentations) {
                        grid.add(new TrialParameters(rate, batch, architecture, augmentation));
                    }
                }
            }
        }
        if (GRID.equals(search)) {
            if (grid.size() > MAX_TRIALS) {
                throw new InvalidJobException("the grid has " + grid.size() + " combinations, more than "
                        + MAX_TRIALS + "; list fewer values or use search random with trials");
            }
            if (request.trials() != null && request.trials() != grid.size()) {
                throw new InvalidJobException("trials (" + request.trials() + ") must match the grid's "
                        + grid.size() + " combinations, or be left out");
            }
            return List.copyOf(grid);
        }
        int wanted = request.trials() == null ? DEFAULT_RANDOM_TRIALS : request.trials();
        if (wanted > grid.size()) {
            throw new InvalidJobException("trials (" + wanted + ") exceeds the " + grid.size()
                    + " distinct combinations of the space");
        }
        // without replacement: a random search that trains one combination twice wastes a trial
        Collections.shuffle(grid, new Random(seed(request)));
        return List.copyOf(grid.subList(0, wanted));
    }

    static long seed(SweepRequest request) {
        return request.seed() == null ? DEFAULT_SEED : request.seed();
    }

    static int epochs(SweepRequest request) {
        return request.epochs() == null ? TrainingDefaults.EPOCHS : request.epochs();
    }

    /** Rungs until one trial is left: n, n/η, … 1 (the last rung is the one that leaves a single best). */
    static int rungs(int trials) {
        int rungs = 1;
        for (int left = trials; left > ETA - 1 && left > 1; left = survivors(left)) {
            rungs++;
        }
        return Math.max(1, rungs - 1);
    }

    /** How many of a rung's trials go on. */
    static int survivors(int trialsInRung) {
        return Math.max(1, (trialsInRung + ETA - 1) / ETA);
    }

    /** Epochs of a rung: the last rung trains the full epochs, each earlier one 1/η as many (at least 1). */
    static int rungEpochs(int rung, int rungs, int epochs) {
        long divisor = (long) Math.pow(ETA, rungs - 1 - rung);
        return (int) Math.max(1, epochs / divisor);
    }

    private static String shown(String value) {
        return value == null || value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /** The values of one dimension; an omitted one is a single "default" value (null). */
    private static <T> List<T> dimension(String name, List<T> values, List<String> problems) {
        if (values == null) {
            return Arrays.asList((T) null);
        }
        if (values.isEmpty() || values.size() > MAX_VALUES) {
            problems.add("space." + name + " must list 1 to " + MAX_VALUES + " values, got " + values.size());
        } else if (values.stream().anyMatch(Objects::isNull)) {
            problems.add("space." + name + " must not contain null");
        } else if (values.stream().distinct().count() < values.size()) {
            problems.add("space." + name + " lists a value twice");
        }
        return values;
    }
}
