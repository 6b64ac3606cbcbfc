package io.sightline.trainer.sweeps;

/** Where a sweep's start and end are told (the training events topic in the service; nothing in some tests). */
public interface SweepAnnouncements {

    SweepAnnouncements NONE = new SweepAnnouncements() {
        @Override
        public void started(Sweep sweep) {
        }

        @Override
        public void completed(Sweep sweep) {
        }
    };

    void started(Sweep sweep);

    /** The sweep ended, COMPLETED or FAILED. */
    void completed(Sweep sweep);
}
