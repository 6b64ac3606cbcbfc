package io.sightline.kit.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Adds the security headers to every answer: {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options:
 * DENY}, {@code Referrer-Policy: no-referrer}, and a Content-Security-Policy that allows only the page's own
 * files (no inline script or style, no framing). An answer that sets its own policy keeps it (the trainer's
 * report, whose styles are inline). Quarkus' own pages under {@code /q/} (Swagger UI) use inline script, so
 * they get the other headers only.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** The policy of our own pages and of every API answer. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    /** The policy of a self-contained HTML document with inline styles and no script at all. */
    public static final String DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(SecurityHeaders::addOnEnd, 500);
    }

    private static void addOnEnd(RoutingContext context) {
        boolean quarkusPage = context.normalizedPath().startsWith("/q/");
        context.addHeadersEndHandler(ignored -> add(context.response().headers(), quarkusPage));
        context.next();
    }

    static void add(MultiMap headers, boolean quarkusPage) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        if (!quarkusPage && !headers.contains("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
    }
}
