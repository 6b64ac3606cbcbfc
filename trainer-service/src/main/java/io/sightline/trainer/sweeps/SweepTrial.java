package io.sightline.trainer.sweeps;

import java.util.ArrayList;
import java.util.List;

/**
 * A combination of the searched values and its jobs, one per rung it reached.
 *
 * @param index      its place in the plan, from 0
 * @param parameters the values it trains with
 * @param runs       its jobs, first rung first
 */
public record SweepTrial(int index, TrialParameters parameters, List<TrialRun> runs) {

    /** Its job in {@code rung}, if it reached it. */
    TrialRun run(int rung) {
        return runs.stream().filter(r -> r.rung() == rung).findFirst().orElse(null);
    }

    SweepTrial withRun(TrialRun run) {
        List<TrialRun> next = new ArrayList<>(runs.stream().filter(r -> r.rung() != run.rung()).toList());
        next.add(run);
        next.sort((a, b) -> Integer.compare(a.rung(), b.rung()));
        return new SweepTrial(index, parameters, List.copyOf(next));
    }

    /** The rung it reached last. */
    TrialRun last() {
        return runs.isEmpty() ? null : runs.get(runs.size() - 1);
    }
}
