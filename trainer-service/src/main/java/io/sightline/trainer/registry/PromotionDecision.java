package io.sightline.trainer.registry;

/**
 * Whether a new version should become champion, and why (for people and for the job's record).
 */
public record PromotionDecision(boolean promote, String reason) {

    public static PromotionDecision promote(String reason) {
        return new PromotionDecision(true, reason);
    }

    public static PromotionDecision keep(String reason) {
        return new PromotionDecision(false, reason);
    }
}
