package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a paginated list ({@code ?limit=N&after=CURSOR}, the next page's cursor in the {@code Next-Cursor} header)
 * page by page until it ends or {@code --limit} items are in. A service that does not paginate answers everything
 * at once without a cursor; the limit is then applied here.
 */
final class ListPages {

    /** Items asked for per page when no smaller limit is left: few round trips, answers of bounded size. */
    static final int PAGE_SIZE = 500;
    /** The largest page the services hand out. */
    static final int MAX_PAGE = 1000;
    static final String NEXT_CURSOR = "Next-Cursor";

    /**
     * What was read.
     *
     * @param first the first page's whole answer (a list endpoint's array, or an object holding the list)
     * @param items every item read, in the service's order
     * @param more  whether the service had more than the limit let through
     */
    record Listing(JsonNode first, ArrayNode items, boolean more) {
    }

    private ListPages() {
    }

    /** Every item of an endpoint that answers a JSON array, or at most {@code limit} (null: all). */
    static Listing read(ServiceClient client, String path, Map<String, String> filters, Integer limit) {
        return read(client, path, filters, limit, page -> page);
    }

    /**
     * @param path    the endpoint, without a query
     * @param filters query parameters besides {@code limit} and {@code after}; null values are left out
     * @param limit   at most this many items (null: all of them)
     * @param items   where the list is in a page's answer
     */
    static Listing read(ServiceClient client, String path, Map<String, String> filters, Integer limit,
                        Function<JsonNode, JsonNode> items) {
        if (limit != null && limit < 1) {
            throw CliException.usage("--limit must be at least 1, got " + limit);
        }
        ArrayNode all = ServiceClient.JSON.createArrayNode();
        JsonNode first = null;
        String cursor = null;
        Set<String> seen = new HashSet<>();
        while (true) {
            int wanted = limit == null ? PAGE_SIZE : Math.min(MAX_PAGE, limit - all.size());
            Map<String, String> query = new LinkedHashMap<>(filters);
            query.put("limit", Integer.toString(wanted));
            query.put("after", cursor);
            ServiceClient.Reply reply = client.send(client.request(path + query(query)).GET());
            JsonNode page = client.require(reply);
            if (first == null) {
                first = page;
            }
            for (JsonNode item : items.apply(page)) {
                if (limit != null && all.size() == limit) {
                    return new Listing(first, all, true);
                }
                all.add(item);
            }
            cursor = reply.headers().firstValue(NEXT_CURSOR).filter(c -> !c.isBlank()).orElse(null);
            if (cursor == null) {
                return new Listing(first, all, false);
            }
            if (limit != null && all.size() >= limit) {
                return new Listing(first, all, true);
            }
            if (!seen.add(cursor)) {
                // a service that hands the same cursor out again would otherwise be asked forever
                throw CliException.failed(client.service().module() + ": the list's cursor " + cursor
                        + " came back twice; stopped after " + all.size() + " items");
            }
        }
    }

    /** {@code ?a=1&b=2} of the non-null values, encoded; empty when there are none. */
    static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((key, value) -> {
            if (value != null) {
                ImportOptions.param(query, key, value);
            }
        });
        return query.length() == 0 ? "" : "?" + query.substring(1);
    }

    /** The line that says a list was cut by {@code --limit}, or null when it was not. */
    static String cutNote(Listing listing) {
        return listing.more() ? "(" + listing.items().size() + " shown, more exist: raise --limit, or leave it out"
                + " to see all)" : null;
    }
}
