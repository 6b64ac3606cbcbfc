package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline dataset create|list|show|rm}. */
@Command(name = "dataset", description = "Import, list, inspect and delete datasets (dataset-service).",
        subcommands = {DatasetCommand.Create.class, DatasetCommand.ListDatasets.class, DatasetCommand.Show.class,
                DatasetRemove.class})
final class DatasetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "create", sortOptions = false,
            description = {"Import a dataset as a new version, follow the split and show the verification.",
                    "Class folders, split folders (train/, test/ of class folders), a labels csv or labels in file"
                            + " names; a folder's layout is asked of the service and shown before the import.",
                    "DIR is read by the dataset-service itself (same machine, inside its import roots); an ARCHIVE"
                            + " (.zip, .tar, .tar.gz, .tgz) is uploaded; s3://bucket/prefix is fetched by the service."})
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "dataset name: letters, digits, '.', '_', '-'")
        String name;

        @Option(names = "--from", required = true, paramLabel = "DIR|ARCHIVE|s3://…",
                description = "dataset directory, archive of one, or s3:// prefix")
        String from;

        @Option(names = "--test-ratio", paramLabel = "R", description = "test share per class (service default 0.2)")
        Double testRatio;

        @Option(names = {"--val-ratio", "--validation-ratio"}, paramLabel = "R",
                description = "validation share per class (service default 0)")
        Double validationRatio;

        @Option(names = "--seed", paramLabel = "N", description = "split seed (service default 42)")
        Long seed;

        @Option(names = "--group-pattern", paramLabel = "REGEX",
                description = "group 1 over a file's relative path keeps a group on one side of the split")
        String groupPattern;

        @Option(names = "--upload", description = "send a DIR as a tar stream even when the service could read it;"
                + " without it a DIR is uploaded only when the service cannot see it (another machine, outside its"
                + " import roots)")
        boolean uploadFolder;

        @Option(names = "--no-wait", description = "return once the import is accepted")
        boolean noWait;

        @Mixin
        ImportOptions importOptions;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            ServiceClient dataset = root.api().dataset();
            JsonNode accepted = submit(dataset, output);
            String version = accepted.path("version").asText();
            output.log("dataset " + name + " version " + version + " accepted (" + accepted.path("status").asText()
                    + ")");
            if (noWait) {
                output.result(accepted);
                return ExitCodes.OK;
            }
            JsonNode detail = follow(root, dataset, output, name, version);
            output.result(detail);
            report(dataset, output, detail);
            return "READY".equals(detail.path("status").asText()) ? ExitCodes.OK : ExitCodes.FAILED;
        }

        private JsonNode submit(ServiceClient dataset, Output output) {
            if (from.startsWith("s3://")) {
                return dataset.postJson("/datasets", body(from));
            }
            Path source = localPath(from);
            if (Files.isDirectory(source)) {
                ObjectNode body = body(source.toAbsolutePath().normalize().toString());
                if (!uploadFolder && LayoutPreview.check(dataset, output, body)) {
                    return dataset.postJson("/datasets", body);
                }
                return uploadFolder(dataset, output, source);
            }
            if (Files.isRegularFile(source)) {
                return upload(dataset, output, source);
            }
            throw CliException.usage("--from " + from + ": no such directory or archive");
        }

        private ObjectNode body(String source) {
            ObjectNode body = ServiceClient.JSON.createObjectNode().put("name", name).put("source", source);
            if (testRatio != null) {
                body.put("testRatio", testRatio);
            }
            if (validationRatio != null) {
                body.put("validationRatio", validationRatio);
            }
            if (seed != null) {
                body.put("seed", seed);
            }
            if (groupPattern != null) {
                body.put("groupPattern", groupPattern);
            }
            importOptions.addTo(body);
            return body;
        }

        /**
         * Streams a folder the service cannot see (or {@code --upload}) as a tar to the archive endpoint, packed while
         * it is sent, with a bar by files and bytes.
         */
        private JsonNode uploadFolder(ServiceClient dataset, Output output, Path folder) {
            AtomicLong skipped = new AtomicLong();
            FolderUpload upload;
            try {
                upload = FolderUpload.of(folder, skipped);
            } catch (IOException e) {
                throw CliException.usage("--from " + folder + ": " + e.getMessage());
            }
            output.log("uploading " + folder + " (" + upload.files() + " files, " + Format.bytes(upload.totalBytes())
                    + ")" + (uploadFolder ? "" : ": the dataset-service cannot read it where it runs")
                    + (skipped.get() > 0 ? "; " + skipped.get() + " symlink(s) left out" : ""));
            ProgressLine bar = output.progress();
            try (bar) {
                HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(
                        () -> upload.open(() -> bar.update("upload", "uploading " + upload.progress())));
                ServiceClient.Reply reply = dataset.send(dataset.request(archivePath())
                        .timeout(Duration.ofHours(2))
                        .header("Content-Type", "application/x-tar")
                        .POST(body));
                return dataset.require(reply);
            }
        }

        /** Streams the archive (never whole in memory), with an upload bar. */
        private JsonNode upload(ServiceClient dataset, Output output, Path archive) {
            long size;
            try {
                size = Files.size(archive);
            } catch (IOException e) {
                throw CliException.usage("--from " + archive + ": " + e.getMessage());
            }
            AtomicLong sent = new AtomicLong();
            ProgressLine bar = output.progress();
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> counting(archive, sent, size, bar)), size);
            try (bar) {
                bar.update("upload", "uploading " + archive.getFileName() + " (" + Format.bytes(size) + ")");
                ServiceClient.Reply reply = dataset.send(dataset.request(archivePath())
                        .timeout(Duration.ofHours(2))
                        .header("Content-Type", contentType(archive))
                        .POST(body));
                return dataset.require(reply);
            }
        }

        /** {@code /datasets/{name}/archive?…} with the options given. */
        private String archivePath() {
            StringBuilder query = new StringBuilder();
            if (testRatio != null) {
                ImportOptions.param(query, "testRatio", testRatio);
            }
            if (validationRatio != null) {
                ImportOptions.param(query, "validationRatio", validationRatio);
            }
            if (seed != null) {
                ImportOptions.param(query, "seed", seed);
            }
            if (groupPattern != null) {
                ImportOptions.param(query, "groupPattern", groupPattern);
            }
            importOptions.addTo(query);
            return "/datasets/" + ServiceClient.segment(name) + "/archive"
                    + (query.length() == 0 ? "" : "?" + query.substring(1));
        }

        private static InputStream counting(Path archive, AtomicLong sent, long size, ProgressLine bar) {
            try {
                return new FilterInputStream(Files.newInputStream(archive)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            long total = sent.addAndGet(n);
                            bar.update("upload", "uploading " + ProgressLine.bar(total, size) + " "
                                    + Format.bytes(total) + " / " + Format.bytes(size));
                        }
                        return n;
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static String contentType(Path archive) {
            String file = archive.getFileName().toString().toLowerCase(Locale.ROOT);
            if (file.endsWith(".zip")) {
                return "application/zip";
            }
            if (file.endsWith(".tar.gz") || file.endsWith(".tgz")) {
                return "application/gzip";
            }
            if (file.endsWith(".tar")) {
                return "application/x-tar";
            }
            return "application/octet-stream"; // the service tells the format from the bytes
        }

        private static Path localPath(String from) {
            try {
                return from.startsWith("file:") ? Path.of(URI.create(from)) : Path.of(from);
            } catch (IllegalArgumentException e) { // also InvalidPathException
                throw CliException.usage("--from " + from + ": not a path, file: URI or s3:// URI");
            }
        }
    }

    /** Polls a version until it is READY or REJECTED, drawing its progress. */
    static JsonNode follow(Sightline root, ServiceClient dataset, Output output, String name, String version) {
        String path = "/datasets/" + ServiceClient.segment(name) + "/versions/" + ServiceClient.segment(version);
        try (ProgressLine bar = output.progress()) {
            while (true) {
                JsonNode detail = dataset.get(path);
                String status = detail.path("status").asText();
                if (status.equals("READY") || status.equals("REJECTED")) {
                    return detail;
                }
                JsonNode progress = detail.path("progress");
                if (progress.isObject()) {
                    String stage = progress.path("stage").asText("");
                    long done = progress.path("done").asLong();
                    long total = progress.path("total").asLong();
                    bar.update(stage, String.format(Locale.ROOT, "%-9s %-6s %s %s", status.toLowerCase(Locale.ROOT),
                            stage, ProgressLine.bar(done, total), total > 0 ? done + "/" + total : ""));
                } else {
                    bar.update(status, status.toLowerCase(Locale.ROOT) + " …");
                }
                root.pause();
            }
        }
    }

    @Command(name = "list", aliases = "ls", description = "Datasets with their newest published version (all of"
            + " them unless --limit).")
    static final class ListDatasets implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", description = "only datasets with a version of this status,"
                + " e.g. READY")
        String status;

        @Option(names = "--limit", paramLabel = "N", description = "show at most N datasets")
        Integer limit;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            ListPages.Listing listing = ListPages.read(root.api().dataset(), "/datasets",
                    Collections.singletonMap("status", status == null ? null : status.toUpperCase(Locale.ROOT)),
                    limit);
            JsonNode list = listing.items();
            output.result(list);
            if (list.isEmpty()) {
                output.line("no datasets yet: sightline dataset create NAME --from DIR");
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode d : list) {
                rows.add(List.of(d.path("name").asText(), Format.text(d.path("latestVersion")),
                        d.path("versions").asText()));
            }
            Format.table(List.of("DATASET", "LATEST", "VERSIONS"), rows).forEach(output::line);
            Optional.ofNullable(ListPages.cutNote(listing)).ifPresent(output::line);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "A dataset's versions (all of them unless --limit), or one version in full"
            + " (NAME:VERSION).")
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME[:VERSION]")
        String target;

        @Option(names = "--limit", paramLabel = "N", description = "show at most N versions")
        Integer limit;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            ServiceClient dataset = root.api().dataset();
            NameVersion what = NameVersion.parse(target);
            if (what.version() != null) {
                JsonNode detail = dataset.get(what.path("datasets"));
                output.result(detail);
                report(dataset, output, detail);
                return ExitCodes.OK;
            }
            ListPages.Listing listing = ListPages.read(dataset, what.path("datasets"), Map.of(), limit,
                    page -> page.path("versions"));
            ObjectNode detail = listing.first().isObject() ? listing.first().deepCopy()
                    : ServiceClient.JSON.createObjectNode();
            detail.set("versions", listing.items());
            output.result(detail);
            output.line("dataset " + target);
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode v : listing.items()) {
                rows.add(List.of(v.path("version").asText(), v.path("status").asText(), shortDigest(v.path("digest")),
                        Format.text(v.path("completedAt"))));
            }
            Format.table(List.of("VERSION", "STATUS", "DIGEST", "COMPLETED"), rows).forEach(output::line);
            Optional.ofNullable(ListPages.cutNote(listing)).ifPresent(output::line);
            return ExitCodes.OK;
        }
    }

    /** Prints a version in text mode, with the class display names of its names file, if any. */
    static void report(ServiceClient dataset, Output output, JsonNode detail) {
        if (output.json()) {
            return;
        }
        DatasetReport.version(detail, DatasetReport.classNames(detail)).forEach(output::line);
    }

    static String shortDigest(JsonNode digest) {
        String text = Format.text(digest);
        return text.length() > 19 ? text.substring(0, 19) + "…" : text;
    }
}
