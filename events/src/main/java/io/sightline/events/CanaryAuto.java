package io.sightline.events;

/**
 * The rule of an automatic canary (decision 107): once the replicas together report {@code requests} canary
 * requests, it is promoted if its error rate is at most the champion's + {@code maxErrorRateIncrease} and its mean
 * top-1 confidence at least the champion's − {@code maxConfidenceDrop}, else rolled back.
 *
 * @param requests             canary requests (answered + failed) summed over replicas before deciding
 * @param maxErrorRateIncrease allowed rise of the error rate over the champion's, 0..1
 * @param maxConfidenceDrop    allowed drop of the mean top-1 confidence below the champion's, 0..1
 */
public record CanaryAuto(int requests, double maxErrorRateIncrease, double maxConfidenceDrop) {

    public static final int DEFAULT_REQUESTS = 1000;
    public static final double DEFAULT_MAX_ERROR_RATE_INCREASE = 0.01;
    public static final double DEFAULT_MAX_CONFIDENCE_DROP = 0.02;
}
