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
 * centred median of three, then a causal average); of the final points, only two can still be read: the rule's
 * reading of them as they stand, and the steepest fall among them (a later, lower point makes every earlier one
 * eligible). With the newest step that makes at most three copies of the parameters a step can change. The job's
 * optimiser starts afresh: continuing with the test's moments trained worse (decision 101).
 */
final class StepWeights implements AutoCloseable {

    /** Parameters that never change without a gradient; running statistics and the like change in a forward pass. */
    private static final Set<Parameter.Type> LEARNED = EnumSet.of(Parameter.Type.WEIGHT, Parameter.Type.BIAS,
            Parameter.Type.GAMMA, Parameter.Type.BETA);

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
     * After step {@code step}, whose rate and smoothed loss are the last of {@code rates} and {@code smoothed}: keeps
     * its weights, drops those of steps the rule can no longer read.
     */
    void stepped(int step, List<Double> rates, List<Double> smoothed) {
        if (step < limit) {
            BestWeights weights = new BestWeights();
            weights.snapshot(changing, manager);
            kept.put(step, weights);
        }
        Set<Integer> readable = readable(rates, smoothed);
        kept.entrySet().removeIf(e -> {
            if (readable.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
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
    static Set<Integer> readable(List<Double> rates, List<Double> smoothed) {
        Set<Integer> steps = new HashSet<>();
        int n = smoothed.size();
        for (int i = n < 3 ? 0 : n - 1; i < n; i++) { // before three losses no point is final
            steps.add(i);
        }
        if (n >= 3) {
            List<Double> done = smoothed.subList(0, n - 1);
            steps.add(RangeTestRule.readStep(rates, done)); // if no later point goes lower
            steps.add(RangeTestRule.steepest(rates, done, done.size() - 1)); // if one does
        }
        steps.remove(-1);
        return steps;
    }

    @Override
    public void close() {
        kept.values().forEach(BestWeights::close);
        kept.clear();
    }
}
