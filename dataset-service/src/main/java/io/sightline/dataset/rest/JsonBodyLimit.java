package io.sightline.dataset.rest;

import io.sightline.dataset.config.DatasetConfig;
import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Every body but an archive upload is a small JSON document: Vert.x' own limit has to let archives of
 * gigabytes through, so this holds the others to {@code limits.max-json-bytes}, by their declared length
 * before reading and, for a chunked body, one byte past the limit while reading. Without it a chunked JSON
 * body of gigabytes would be parsed into memory.
 */
class JsonBodyLimit {

    /** The one resource method whose body may be large: it streams to disk. */
    static final String ARCHIVE_METHOD = "archive";

    private final long maxBytes;

    JsonBodyLimit(DatasetConfig config) {
        this.maxBytes = config.limits().maxJsonBytes();
    }

    @ServerRequestFilter
    RestResponse<ErrorBody> limit(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null || ARCHIVE_METHOD.equals(resource.getMethodName())) {
            return null;
        }
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > maxBytes) {
                    return ErrorAnswers.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, tooLarge());
                }
            } catch (NumberFormatException e) {
                return null; // the HTTP layer refuses malformed lengths itself
            }
        }
        request.setEntityStream(new Bounded(request.getEntityStream(), maxBytes));
        return null;
    }

    private String tooLarge() {
        return "a JSON body is at most " + maxBytes + " bytes (archives go to POST /datasets/{name}/archive)";
    }

    /** Counts what the JSON reader takes and stops it one byte past the limit. */
    private final class Bounded extends FilterInputStream {

        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
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
                throw new TooLarge(tooLarge());
            }
        }
    }

    /**
     * The body went past the limit while being read. An {@link IOException}: the JSON reader passes those
     * through as they are, where it would wrap any other exception into a "malformed JSON" one.
     */
    static final class TooLarge extends IOException {

        TooLarge(String message) {
            super(message);
        }
    }
}
