package io.sightline.trainer.rest;

import io.sightline.kit.rest.Pages;
import jakarta.ws.rs.BadRequestException;

/** The {@code limit} and {@code after} of a list request; text first, so a bad number is a 400 naming it. */
final class PageQuery {

    private PageQuery() {
    }

    /** @throws BadRequestException naming what is wrong */
    static Pages.Request of(String limit, String after) {
        Integer n = null;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.valueOf(limit.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("limit must be a whole number between 1 and " + Pages.MAX_LIMIT
                        + ", got: " + limit);
            }
        }
        return Pages.Request.of(n, after);
    }
}
