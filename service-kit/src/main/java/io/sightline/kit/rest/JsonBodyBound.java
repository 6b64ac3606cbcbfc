package io.sightline.kit.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Holds a request body that is a small JSON document to a size: by its declared length before reading and, for a
 * chunked body, one byte past the limit while reading. A service whose HTTP limit lets archive uploads of gigabytes
 * through calls this from a request filter for every other method; without it a chunked JSON body of gigabytes would
 * be parsed into memory.
 */
public final class JsonBodyBound {

    private JsonBodyBound() {
    }

    /**
     * @param tooLarge the answer's message, saying where large bodies go instead
     * @return a 413 when the declared length is over {@code maxBytes}; else null, with the body's stream bounded
     */
    public static RestResponse<ErrorBody> apply(ContainerRequestContext request, long maxBytes, String tooLarge) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > maxBytes) {
                    return ErrorAnswers.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, tooLarge);
                }
            } catch (NumberFormatException e) {
                return null; // the HTTP layer refuses malformed lengths itself
            }
        }
        request.setEntityStream(new Bounded(request.getEntityStream(), maxBytes, tooLarge));
        return null;
    }

    /** Counts what the JSON reader takes and stops it one byte past the limit. */
    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private final String tooLarge;
        private long read;

        Bounded(InputStream in, long limit, String tooLarge) {
            super(in);
            this.limit = limit;
            this.tooLarge = tooLarge;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, limit + 1 - read));
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(tooLarge);
            }
        }
    }

    /**
     * The body went past the limit while being read. An {@link IOException}: the JSON reader passes those through as
     * they are, where it would wrap any other exception into a "malformed JSON" one. Map it to 413.
     */
    public static final class TooLarge extends IOException {

        public TooLarge(String message) {
            super(message);
        }
    }
}
