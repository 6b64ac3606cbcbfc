package io.sightline.kit.outbox;

/** An event recorded before the change it announces commits: sent once the change committed, else discarded. */
public interface Announcement {

    /** The change committed: send the event (a failed delivery is left to the outbox's relay). */
    void send();

    /** The change failed: the event must never go out. */
    void discard();

    /** For senders without an outbox: {@code send} runs the delivery, nothing was recorded to discard. */
    static Announcement deliveredBy(Runnable delivery) {
        return new Announcement() {
            @Override
            public void send() {
                delivery.run();
            }

            @Override
            public void discard() {
            }
        };
    }

    /** An intent recorded in {@code outbox}. */
    static Announcement of(Outbox outbox, OutboxEvent intent) {
        return new Announcement() {
            @Override
            public void send() {
                outbox.send(intent);
            }

            @Override
            public void discard() {
                outbox.discard(intent);
            }
        };
    }
}
