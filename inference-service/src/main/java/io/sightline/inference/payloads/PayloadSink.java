package io.sightline.inference.payloads;

import io.sightline.events.PayloadLogged;
import java.util.concurrent.CompletionStage;

/** Where logged payloads go: the payloads topic, or a test's list. */
interface PayloadSink {

    /** Sends one record; the stage completes when the broker has it, exceptionally when it will not. */
    CompletionStage<Void> send(PayloadLogged record);
}
