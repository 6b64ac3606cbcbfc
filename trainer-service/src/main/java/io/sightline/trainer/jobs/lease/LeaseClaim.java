package io.sightline.trainer.jobs.lease;

import java.time.Instant;
import java.util.UUID;

/**
 * One generation of a job's lease, as stored in {@code checkpoints/<job>/lease/<generation>.json}.
 *
 * @param worker    the holder's worker name, for people reading logs and the store
 * @param token     random per claim: tells this claim from any other, also of an instance with the same name
 * @param expiresAt when the claim lapses unless renewed (the holder's clock; workers' clocks must roughly agree)
 * @param released  the holder ended the job and gave the lease up (the store cannot delete the file)
 */
record LeaseClaim(String worker, String token, Instant expiresAt, boolean released) {

    static LeaseClaim fresh(String worker, Instant expiresAt) {
        return new LeaseClaim(worker, UUID.randomUUID().toString(), expiresAt, false);
    }

    LeaseClaim renewedUntil(Instant until) {
        return new LeaseClaim(worker, token, until, false);
    }

    LeaseClaim releasedAt(Instant at) {
        return new LeaseClaim(worker, token, at, true);
    }

    /** Whether another worker may claim the next generation: released, or expired (its holder stopped renewing). */
    boolean endedAt(Instant now) {
        return released || !now.isBefore(expiresAt);
    }

    /** Whether a file held all that a claim needs (a foreign or truncated file does not). */
    boolean complete() {
        return worker != null && token != null && expiresAt != null;
    }
}
