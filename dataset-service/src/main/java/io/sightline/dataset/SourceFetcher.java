package io.sightline.dataset;

import io.sightline.dataset.importing.ImportProgress;
import io.sightline.dataset.importing.ImportSpec;
import io.sightline.dataset.importing.ImportValidator;
import io.sightline.dataset.payloads.PayloadQuery;
import io.sightline.dataset.payloads.PayloadSource;
import io.sightline.dataset.source.ArchiveExtractor;
import io.sightline.dataset.source.S3Source;
import io.sightline.dataset.source.SourceLimits;
import java.io.IOException;
import java.nio.file.Path;

/** Brings an uploaded archive, an {@code s3://} or a {@code payloads:} source into an import's work folder as a folder source. */
final class SourceFetcher {

    private final SourceLimits limits;
    private final S3Source s3;
    private final ImportValidator validator;
    private final PayloadSource payloads;

    SourceFetcher(SourceLimits limits, S3Source s3, ImportValidator validator) {
        this(limits, s3, validator, PayloadSource.DISABLED);
    }

    SourceFetcher(SourceLimits limits, S3Source s3, ImportValidator validator, PayloadSource payloads) {
        this.limits = limits;
        this.s3 = s3;
        this.validator = validator;
        this.payloads = payloads;
    }

    /** Unpacks {@code upload}, or downloads the spec's s3 source when null; the spec to import from there. */
    ImportSpec fetch(ImportSpec spec, Path upload, Path work, ImportProgress progress) throws IOException {
        Path into = work.resolve("extracted");
        Path folder = upload != null
                ? new ArchiveExtractor(limits).extract(upload, into, progress)
                : PayloadQuery.isPayloads(spec.sourceText())
                ? payloads.fetch(spec.sourceText(), validator.importRoots(), into, progress)
                : s3.fetch(spec.sourceText(), into, progress);
        return validator.fetched(spec, folder, into.toRealPath());
    }
}
