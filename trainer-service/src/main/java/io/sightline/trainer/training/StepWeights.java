package io.sightline.trainer.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The weights after each step of the range test that {@link RangeTestRule} may still read the rate at, so that the
 * job can continue from there (decision 101). A step's smoothed loss is final once the next step's loss is known (a
 * centred median of three, then a causal average). The rule reads the first step halfway down to the lowest point, so
 * with the final points as they stand it reads one of them; a later, lower point moves its target lower, and then
 * it reads a later step that is lower than every step before it. Those steps, the rule's reading and the newest step
 * are kept, each with the step before it (the rate read lies between the two, and the job continues from the
 * lower), at most {@link #MOST} copies of the parameters a step can change: beyond that the latest before the newest
 * two are let go (the reading moves down the curve at about half the pace of its lowest point; should the rule read
 * a step let go after all, the job starts from the initial weights and pays the whole test).
 */
final class StepWeights implements AutoCloseable {

    /** Parameters that never change without a gradient; running statistics and the like change in a forward pass. */
    private static final Set<Parameter.Type> LEARNED = EnumSet.of(Parameter.Type.WEIGHT, Parameter.Type.BIAS,
            Parameter.Type.GAMMA, Parameter.Type.BETA);

    /** Copies kept at most (the memory estimate of a job counts them, {@code TrainingMemory}). */
    static final int MOST = 6;

    private final int limit;
    private final Map<Integer, BestWeights> kept = new TreeMap<>();
    private List<Parameter> changing = List.of();
    private NDManager manager;

    /** Keeps the weights of steps before {@code limit} only (later ones are never continued from). */
    StepWeights(int limit) {
        this.limit = limit;
    }

    /** The parameters to copy, read once the frozen ones are frozen. */
    void track(List<Parameter> parameters, NDManager owner) {
        changing = parameters.stream().filter(p -> p.requiresGradient() || !LEARNED.contains(p.getType())).toList();
        manager = owner;
    }

    /**
     * After step {@code step}, whose rate and losses are the last of {@code rates}, {@code raw} and {@code smoothed}: keeps
     * its weights, drops those of steps the rule can no longer read.
     */
    void stepped(int step, List<Double> rates, List<Double> raw, List<Double> smoothed) {
        if (step < limit) {
            BestWeights weights = new BestWeights();
            weights.snapshot(changing, manager);
            kept.put(step, weights);
        }
        Set<Integer> readable = readable(rates, smoothed, RangeTestRule.floor(rates, raw));
        kept.entrySet().removeIf(e -> {
            if (readable.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
        while (kept.size() > MOST) { // the reading moves at about half the pace of the newest step: drop the latest
            Integer drop = kept.keySet().stream().filter(k -> k < step - 1).reduce((a, b) -> b).orElse(null);
            if (drop == null) {
                break;
            }
            kept.remove(drop).close();
        }
    }

    /** Puts back the weights after {@code step}; false when they were not kept. */
    boolean restore(int step) {
        BestWeights weights = kept.get(step);
        if (weights == null) {
            return false;
        }
        weights.restoreInto(changing);
        return true;
    }

    /** Steps of a curve so far that the rule may read once it is complete. */
    static Set<Integer> readable(List<Double> rates, List<Double> smoothed, double floor) {
        Set<Integer> steps = new HashSet<>();
        int n = smoothed.size();
        for (int i = n < 3 ? 0 : n - 1; i < n; i++) { // before three losses no point is final
            steps.add(i);
        }
        if (n >= 3) {
            List<Double> done = smoothed.subList(0, n - 1);
            steps.add(RangeTestRule.readStep(rates, done, floor)); // if no later point goes lower
            int lowest = 0;
            for (int i = 1; i < done.size(); i++) {
                if (done.get(i) < done.get(lowest)) {
                    lowest = i;
                }
            }
            steps.add(lowest); // the rule's fallback: no step within its bounds came halfway down
            // if a later point goes lower, the target halfway down goes lower: a step below every one before it
            // and already at or below today's target
            double target = RangeTestRule.halfway(done.get(0), done.get(lowest));
            double lowestWithin = Double.POSITIVE_INFINITY;
            for (int i = 1; i < done.size(); i++) {
                if (RangeTestRule.within(rates.get(i)) && done.get(i) < lowestWithin) {
                    lowestWithin = done.get(i);
                    if (lowestWithin <= target) {
                        steps.add(i);
                    }
                }
            }
        }
        // the job continues from the step before a reading when the rate read lies between the two
        for (int step : List.copyOf(steps)) {
            steps.add(step - 1);
        }
        steps.removeIf(step -> step < 0); // -1: no reading
        return steps;
    }

    @Override
    public void close() {
        kept.values().forEach(BestWeights::close);
        kept.clear();
    }
}
