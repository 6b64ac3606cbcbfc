package io.sightline.kit.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Cursor pagination for every list endpoint: {@code ?limit=N&after=CURSOR}. The body stays the JSON array it
 * always was; the next page's cursor travels in {@code Link: <…>; rel="next"} (RFC 8288) and in
 * {@value #NEXT_CURSOR}, absent on the last page (docs/decisions/089).
 *
 * <p>Each list orders its items by a text key whose natural order is the list's order ({@link #newestFirst} turns a
 * time into one). The cursor is the last item's key, so a page continues after it even when items were added or
 * removed meanwhile: nothing is listed twice or skipped among the items that stayed.
 */
public final class Pages {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final String NEXT_CURSOR = "Next-Cursor";

    private Pages() {
    }

    /** A page asked for: at most {@code limit} items after the one whose key is {@code afterKey} (null: from the start). */
    public record Request(int limit, String afterKey) {

        /**
         * The query's text as given: a {@code limit} that is not a number is a 400 naming it (JAX-RS would answer a
         * bare 404 for a query parameter it cannot convert).
         *
         * @throws BadRequestException naming what is wrong
         */
        public static Request parse(String limit, String after) {
            Integer n = null;
            if (limit != null && !limit.isBlank()) {
                try {
                    n = Integer.valueOf(limit.trim());
                } catch (NumberFormatException e) {
                    throw new BadRequestException("limit must be a whole number between 1 and " + MAX_LIMIT
                            + ", got: " + limit);
                }
            }
            return of(n, after);
        }

        /** @throws BadRequestException naming the allowed range, or that the cursor is not one this service gave */
        public static Request of(Integer limit, String after) {
            int n = limit == null ? DEFAULT_LIMIT : limit;
            if (n < 1 || n > MAX_LIMIT) {
                throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ", got " + n);
            }
            if (after == null || after.isEmpty()) {
                return new Request(n, null);
            }
            try {
                return new Request(n, new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("after must be a cursor from a previous page's " + NEXT_CURSOR
                        + " header");
            }
        }
    }

    /** A page of items and the cursor of the next page (null on the last). */
    public record Page<T>(List<T> items, String next) {
    }

    /** Orders {@code items} by {@code key} and cuts the page {@code request} asks for. */
    public static <T> Page<T> cut(Collection<T> items, Function<T, String> key, Request request) {
        TreeMap<String, T> byKey = new TreeMap<>();
        for (T item : items) {
            byKey.putIfAbsent(key.apply(item), item);
        }
        NavigableMap<String, T> rest = request.afterKey() == null ? byKey : byKey.tailMap(request.afterKey(), false);
        List<T> page = new ArrayList<>(Math.min(request.limit(), rest.size()));
        String lastKey = null;
        for (Map.Entry<String, T> entry : rest.entrySet()) {
            if (page.size() == request.limit()) {
                return new Page<>(page, cursor(lastKey));
            }
            page.add(entry.getValue());
            lastKey = entry.getKey();
        }
        return new Page<>(page, null);
    }

    /** The answer: the page's items as the body, the next cursor in the headers. */
    public static <T> RestResponse<List<T>> answer(Page<T> page, UriInfo uri) {
        RestResponse.ResponseBuilder<List<T>> answer = RestResponse.ResponseBuilder.ok(page.items());
        if (page.next() != null) {
            String link = uri.getRequestUriBuilder().replaceQueryParam("after", page.next()).build().toString();
            answer.header(NEXT_CURSOR, page.next()).header("Link", "<" + link + ">; rel=\"next\"");
        }
        return answer.build();
    }

    /** {@link #cut} then {@link #answer}. */
    public static <T> RestResponse<List<T>> answer(Collection<T> items, Function<T, String> key, Request request,
                                                   UriInfo uri) {
        return answer(cut(items, key, request), uri);
    }

    /** A key that lists later times first: the milliseconds counted down from the far future, fixed width. */
    public static String newestFirst(java.time.Instant at, String tieBreak) {
        long millis = at == null ? 0 : at.toEpochMilli();
        return String.format("%019d/%s", Long.MAX_VALUE - Math.max(0, millis), tieBreak);
    }

    /** A key that lists numbered versions highest first ({@code "10"} before {@code "9"}). */
    public static String highestFirst(long number, String tieBreak) {
        return newestFirst(java.time.Instant.ofEpochMilli(Math.max(0, number)), tieBreak);
    }

    static String cursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

}
