package io.sightline.dataset.importing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.payloads.PayloadQuery;
import io.sightline.dataset.payloads.PayloadSource;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.Layout;
import io.sightline.dataset.source.LayoutDetection;
import io.sightline.dataset.source.LayoutOptions;
import io.sightline.dataset.source.S3Connections;
import io.sightline.dataset.source.S3Source;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.dataset.split.SplitSettings;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an {@link ImportRequest} into an {@link ImportSpec} or says, in one sentence, why it cannot be one.
 * Runs synchronously in the request so a caller learns about a typo at once, not from a rejected event.
 */
public final class ImportValidator {

    private final DatasetSettings settings;
    private final S3Connections connections;
    private final PayloadSource payloads;
    private final List<Path> realRoots;

    /** A validator that refuses every {@code s3://} source (none configured). */
    public ImportValidator(DatasetSettings settings) {
        this(settings, S3Connections.NONE);
    }

    public ImportValidator(DatasetSettings settings, S3Connections connections) {
        this(settings, connections, PayloadSource.DISABLED);
    }

    /** @param payloads checks {@code payloads:} sources (refused when not enabled) */
    public ImportValidator(DatasetSettings settings, S3Connections connections, PayloadSource payloads) {
        this.settings = settings;
        this.connections = connections;
        this.payloads = payloads;
        this.realRoots = new ArrayList<>();
        for (Path root : settings.importRoots()) {
            try {
                realRoots.add(root.toRealPath());
            } catch (IOException e) {
                // a root that does not exist cannot hold a source; keep the rest usable
            }
        }
    }

    /** The import roots that exist, as real paths. */
    public List<Path> importRoots() {
        return List.copyOf(realRoots);
    }

    /** @throws InvalidImportException with the reason when the request cannot be imported */
    public ImportSpec validate(ImportRequest request) {
        if (request == null) {
            throw new InvalidImportException("a JSON body {name, source, ...} is required");
        }
        if (!StoreKeys.isValidName(request.name())) {
            throw new InvalidImportException("name must be 1-128 characters of letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit; got: " + request.name());
        }
        double test = request.testRatio() == null ? settings.defaultTestRatio() : request.testRatio();
        double validation = request.validationRatio() == null
                ? settings.defaultValidationRatio() : request.validationRatio();
        if (!(test > 0 && test < 1)) {
            throw new InvalidImportException("testRatio must be greater than 0 and less than 1; got: " + test);
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new InvalidImportException("validationRatio must be at least 0 and less than 1; got: " + validation);
        }
        if (!(test + validation < 1)) {
            throw new InvalidImportException("testRatio + validationRatio must be less than 1, or nothing is left"
                    + " to train on; got: " + (test + validation));
        }
        long seed = request.seed() == null ? settings.defaultSeed() : request.seed();
        Pattern groups = compileGroupPattern(request.groupPattern());
        SplitSettings split = new SplitSettings(test, validation, seed, groups, settings.splitMode());
        ImportRequest.Options asked = request.options();
        LayoutOptions layout = LayoutOptions.of(asked.layout(), asked.labels(), asked.pathColumn(),
                asked.labelColumn(), asked.filenamePattern(), asked.crop(), asked.classNames());
        ImportPolicies policies = ImportPolicies.of(asked.corruptFiles(), asked.labelConflicts(),
                asked.nearDuplicates());
        if (S3Source.isS3(request.source())) {
            connections.resolve(request.source()); // refused here, before anything connects anywhere
            return new ImportSpec(request.name(), request.source(), null, null, split, true, layout, policies);
        }
        if (PayloadQuery.isPayloads(request.source())) {
            payloads.check(request.source(), realRoots); // the labels file is read when the import runs
            return new ImportSpec(request.name(), request.source(), null, null, split, true, layout, policies);
        }
        if (request.source() != null && request.source().startsWith(ARCHIVE_PREFIX)) {
            return new ImportSpec(request.name(), request.source(), null, null, split, true, layout, policies);
        }
        Path source = resolveSource(request.source());
        Path root = realRoots.stream().filter(source::startsWith).findFirst().orElseThrow(() ->
                new InvalidImportException("source " + request.source() + " is not inside an import root "
                        + realRoots + " (symlinks resolved)"));
        requireImages(request.source(), source, layout);
        return new ImportSpec(request.name(), request.source(), source, root, split, false, layout, policies);
    }

    /** How an uploaded archive is named as a source: {@code archive:sha256:<digest of the upload>}. */
    public static final String ARCHIVE_PREFIX = "archive:";

    /**
     * The spec for a source unpacked or downloaded into {@code folder}: checked like a folder source.
     *
     * @throws InvalidImportException when it does not hold at least two class folders
     */
    public ImportSpec fetched(ImportSpec spec, Path folder, Path root) {
        requireImages(spec.sourceText(), folder, spec.layout());
        return spec.fetchedInto(folder, root);
    }

    /**
     * The group pattern on RE2, linear in the file name: file names come from the caller (an archive, a bucket),
     * and a backtracking engine spends exponential time on {@code ^(a+)+$} over a long name of a's.
     */
    private static Pattern compileGroupPattern(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > LayoutOptions.MAX_PATTERN_CHARS) {
            throw new InvalidImportException("groupPattern is longer than " + LayoutOptions.MAX_PATTERN_CHARS
                    + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new InvalidImportException("groupPattern is not a valid regular expression for RE2 (linear time:"
                    + " no backreferences, lookaround or possessive quantifiers): " + e.getDescription());
        }
        if (pattern.groupCount() < 1) {
            throw new InvalidImportException("groupPattern needs a capture group: its group 1 is the group key");
        }
        return pattern;
    }

    /** The real path of the source folder. */
    private static Path resolveSource(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidImportException("source is required: file:/absolute/folder or /absolute/folder");
        }
        Path path;
        try {
            if (text.startsWith("file:")) {
                path = Path.of(URI.create(text));
            } else if (text.contains("://")) {
                throw new InvalidImportException("source scheme not supported yet: " + text
                        + " (use file:/absolute/folder)");
            } else {
                path = Path.of(text);
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) { // incl. InvalidPathException
            throw new InvalidImportException("source is not a valid file: URI or path: " + text);
        }
        if (!path.isAbsolute()) {
            throw new InvalidImportException("source must be an absolute path; got: " + text);
        }
        if (!Files.exists(path)) {
            throw new InvalidImportException("source does not exist: " + text);
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidImportException("source is not a directory: " + text);
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new InvalidImportException("source cannot be read: " + text + " (" + e.getMessage() + ")");
        }
    }

    /**
     * A cheap look at the source's top level, so a hopeless request answers 400 at once: class folders (asked, or
     * what a top level of folders only suggests) need two of them; any other layout is told from the whole walk.
     */
    private static void requireImages(String text, Path source, LayoutOptions layout) {
        int classes = 0;
        boolean otherLayout = layout.layout() != null && layout.layout() != Layout.CLASS_FOLDERS;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(source)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (SourceScanner.isIgnoredName(name)) {
                    continue;
                }
                if (Files.isDirectory(child)) {
                    classes++;
                    otherLayout |= layout.layout() == null && LayoutDetection.splitOf(name) != null;
                } else {
                    otherLayout |= layout.layout() == null; // files at the top: csv or filename may apply
                }
            }
        } catch (IOException e) {
            throw new InvalidImportException("source cannot be listed: " + text + " (" + e.getMessage() + ")");
        }
        if (!otherLayout && classes < 2) {
            throw new InvalidImportException("source must hold at least 2 class folders (one per class); "
                    + text + " has " + classes);
        }
    }
}
