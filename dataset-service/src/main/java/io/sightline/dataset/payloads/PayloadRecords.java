package io.sightline.dataset.payloads;

import io.sightline.events.PayloadLogged;
import java.util.function.Predicate;

/** Where logged records come from: the payloads topic, read to its end as it was when the read began. */
interface PayloadRecords {

    /**
     * Hands every readable record to {@code keep} until the end is reached or {@code keep} returns false.
     *
     * @return how many records could not be read (not JSON, not a payload record)
     */
    long scan(Predicate<PayloadLogged> keep);
}
