package io.sightline.trainer.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of the console's import and layout-preview requests, checked before it goes on to the dataset-service:
 * a JSON object of at most {@link #MAX_BYTES} holding only the fields of {@code POST /datasets}, each a string, a
 * number or null. The console forwards what it checked, not the bytes it received.
 */
public final class DatasetImportBody {

    /** Largest body taken: the options are a few short strings and numbers. */
    public static final int MAX_BYTES = 64 * 1024;

    /** The fields of the dataset-service's {@code POST /datasets} ({@code labels} is its alias of labelsFile). */
    static final Set<String> FIELDS = new TreeSet<>(Set.of("name", "source", "testRatio", "validationRatio", "seed",
            "groupPattern", "layout", "labels", "labelsFile", "pathColumn", "labelColumn", "filenamePattern", "crop",
            "classNames", "corruptFiles", "labelConflicts", "nearDuplicates"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetImportBody() {
    }

    /**
     * Reads and checks a request body.
     *
     * @return the checked object as JSON text
     * @throws RefusedImportException naming what is wrong
     */
    public static String read(InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new RefusedImportException("the import options must fit in " + MAX_BYTES / 1024 + " KiB");
        }
        return check(new String(bytes, StandardCharsets.UTF_8));
    }

    /** As {@link #read}, for a body already in hand. */
    static String check(String text) {
        JsonNode options;
        try {
            options = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            options = null;
        }
        if (options == null || !options.isObject()) {
            throw new RefusedImportException("the body must be a JSON object of import options, e.g."
                    + " {\"name\": \"pets\", \"source\": \"/data/pets\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!FIELDS.contains(field.getKey())) {
                throw new RefusedImportException("unknown import option \"" + shortened(field.getKey())
                        + "\"; the options are " + String.join(", ", FIELDS));
            }
            JsonNode value = field.getValue();
            if (!(value.isTextual() || value.isNumber() || value.isNull())) {
                throw new RefusedImportException("import option \"" + field.getKey() + "\" must be a string or a number");
            }
        }
        return options.toString();
    }

    /** A field name as an error message repeats it: the name is the caller's, and could be long. */
    private static String shortened(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
    }
}
