package io.sightline.inference.payloads;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of the request being answered: the caller's {@value #HEADER} when it is a plain token, else one given
 * here. Asked for only when a request is logged; the answer then carries it in the same header, so a caller can
 * label the logged image later (decision 105).
 */
@RequestScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** Also a file name in a dataset import: letters, digits, '.', '_', '-' only, not starting with a dot. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final HttpHeaders headers;
    private String id;

    public RequestIds(HttpHeaders headers) {
        this.headers = headers;
    }

    /** This request's id, the same on every call. */
    public String id() {
        if (id == null) {
            String given = headers.getHeaderString(HEADER);
            id = given != null && VALID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        }
        return id;
    }

    /** The id if one was asked for, else null. */
    String taken() {
        return id;
    }
}
