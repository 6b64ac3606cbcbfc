package io.sightline.dataset.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A delimited table as datasets ship them: comma, semicolon (GTSRB) or tab separated, quoted or not, with a
 * UTF-8 byte-order mark or without. The delimiter is told from the first line. Tables come with the dataset, so
 * they are hostile input: their size, the width of their rows and the rows held at once are bounded.
 *
 * @param rows every non-empty record, the header first when there is one
 */
public record CsvTable(List<List<String>> rows) {

    /** Largest table: a labels file of a million images is about 50 MB. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    /** Largest table {@link #read} holds whole (names files); labels are {@link #scan}ned row by row. */
    public static final long MAX_HELD_BYTES = 1024 * 1024;
    /** Most cells in a row: no dataset's table is wider, and a row is held whole while it is parsed. */
    public static final int MAX_COLUMNS = 1000;

    /** What to do with each record; {@code line} counts records from 1 (the header). */
    @FunctionalInterface
    public interface RowHandler {
        void row(int line, List<String> cells);
    }

    /** Reads a small table ({@link #MAX_HELD_BYTES}) whole. */
    public static CsvTable read(Path file) throws IOException {
        if (Files.size(file) > MAX_HELD_BYTES) {
            throw new IOException("larger than " + MAX_HELD_BYTES / 1024 + " KiB");
        }
        List<List<String>> rows = new ArrayList<>();
        scan(file, (line, cells) -> rows.add(cells));
        return new CsvTable(rows);
    }

    /** Hands every record of {@code file} to {@code handler}, one at a time, the header first. */
    public static void scan(Path file, RowHandler handler) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        char delimiter = delimiter(firstLine(file), file.getFileName().toString());
        requireNarrowRows(file, delimiter);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        int line = 0;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = format.parse(in)) {
            for (CSVRecord record : parser) {
                List<String> row = new ArrayList<>(record.size());
                record.forEach(row::add);
                if (line == 0 && !row.isEmpty()) {
                    row.set(0, stripBom(row.get(0)));
                }
                handler.row(++line, row);
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new IOException("not a readable table: " + e.getMessage());
        }
    }

    /** Refuses a table with a line of more than {@link #MAX_COLUMNS} cells before any line is parsed. */
    private static void requireNarrowRows(Path file, char delimiter) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buffer = new char[65536];
            int cells = 1;
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        cells = 1;
                    } else if (buffer[i] == delimiter && ++cells > MAX_COLUMNS) {
                        throw new IOException("a row has more than " + MAX_COLUMNS + " columns");
                    }
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("not UTF-8 text");
        }
    }

    /** The first row split by the delimiter it suggests: cheap enough to look at every table of a source. */
    public static List<String> header(Path file) throws IOException {
        String line = firstLine(file);
        char delimiter = delimiter(line, file.getFileName().toString());
        List<String> cells = new ArrayList<>();
        for (String cell : line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
            cells.add(unquote(cell.trim()));
        }
        if (!cells.isEmpty()) {
            cells.set(0, stripBom(cells.get(0)));
        }
        return cells;
    }

    /** The first row. */
    public List<String> headerRow() {
        return rows.isEmpty() ? List.of() : rows.get(0);
    }

    /** Index of the first column of {@code header} whose normalised name is one of {@code names}, else -1. */
    public static int column(List<String> header, List<String> names) {
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                if (normalise(header.get(i)).equals(normalise(name))) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A column name as compared: lower case, letters and digits only ({@code Roi.X1} = {@code roi_x1}). */
    static String normalise(String name) {
        StringBuilder out = new StringBuilder();
        name.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String firstLine(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int read = in.read(buffer);
            String start = read <= 0 ? "" : new String(buffer, 0, read);
            int end = start.indexOf('\n');
            return (end < 0 ? start : start.substring(0, end)).replace("\r", "");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("not UTF-8 text");
        }
    }

    private static char delimiter(String line, String fileName) {
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".tsv") || line.indexOf('\t') >= 0) {
            return '\t';
        }
        long semicolons = line.chars().filter(c -> c == ';').count();
        long commas = line.chars().filter(c -> c == ',').count();
        return semicolons > commas ? ';' : ',';
    }

    private static String stripBom(String cell) {
        return cell.startsWith("\uFEFF") ? cell.substring(1) : cell;
    }

    private static String unquote(String cell) {
        return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")
                ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
    }
}
