package io.sightline.inference.routing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which of 10,000 buckets a request falls in: a canary of P percent takes buckets below {@code P × 100}. With a
 * caller key the bucket is a hash of model and key, so one caller always lands on the same side while the share
 * holds; the model is part of the hash so a caller is not on the canary side of every model at once.
 */
final class RouteKeys {

    /** The request header naming the caller; any value, hashed (never matched or stored). */
    static final String HEADER = "X-Sightline-Request-Key";

    static final int BUCKETS = 10_000;

    private RouteKeys() {
    }

    static int bucket(String model, String callerKey) {
        if (callerKey == null || callerKey.isEmpty()) {
            return ThreadLocalRandom.current().nextInt(BUCKETS);
        }
        return (int) Long.remainderUnsigned(hash(model + '\n' + callerKey), BUCKETS);
    }

    static boolean within(int bucket, int percent) {
        return bucket < percent * (BUCKETS / 100);
    }

    /** FNV-1a over UTF-8, then SplitMix64's finaliser: FNV alone leaves the low bits of similar keys correlated. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
