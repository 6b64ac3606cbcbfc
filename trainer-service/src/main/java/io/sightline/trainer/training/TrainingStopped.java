package io.sightline.trainer.training;

/**
 * A run stopped at a batch boundary because its {@link StopSignal} asked: nothing of it is kept but the checkpoint
 * of its last finished epoch.
 */
public final class TrainingStopped extends RuntimeException {

    private final int epochsDone;

    public TrainingStopped(int epochsDone) {
        super("training stopped on request after epoch " + epochsDone);
        this.epochsDone = epochsDone;
    }

    /** The last epoch the run finished (resumed epochs included); 0 when none. */
    public int epochsDone() {
        return epochsDone;
    }
}
