package io.sightline.trainer.rest;

import io.sightline.auth.Roles;
import io.sightline.kit.rest.ArchiveMediaTypes;
import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.config.ConsoleConfig;
import io.sightline.trainer.console.DatasetImportBody;
import io.sightline.trainer.console.DatasetOverview;
import io.sightline.trainer.console.DatasetOverviews;
import io.sightline.trainer.console.DatasetServiceClient;
import io.sightline.trainer.console.DatasetServiceUnavailableException;
import io.sightline.trainer.console.RefusedImportException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Data for the web console at {@code /console/}, beyond the public job and model APIs, and its way to the
 * dataset-service for imports, version lists and deletes: requests go only to the configured {@code
 * sightline.console.dataset-service-url}, with the caller's {@code Authorization}; its 2xx and 4xx JSON answers
 * come back as they are.
 */
@Path("/console/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "console")
public class ConsoleResource {

    private static final String NAME_RULE = "dataset names and versions are letters, digits, '.', '_' and '-',"
            + " at most 128, starting with a letter or digit";
    private static final String POLL_PATH = "/console/api/datasets/{name}/versions/{version}";
    /** Versions the console lists per dataset: the dataset-service's largest page. */
    private static final int VERSIONS_LISTED = 1000;

    /** The method whose body may be large: it streams on to the dataset-service ({@link JsonBodyLimit}). */
    static final String UPLOAD_METHOD = "uploadArchive";
    /** The import options an upload passes on, as the dataset-service's archive endpoint names its query. */
    static final List<String> ARCHIVE_OPTIONS = List.of("testRatio", "validationRatio", "seed", "groupPattern",
            "layout", "labelsFile", "pathColumn", "labelColumn", "filenamePattern", "crop", "classNames",
            "corruptFiles", "labelConflicts", "nearDuplicates");

    private final DatasetOverviews datasets;
    private final DatasetServiceClient datasetService;
    private final ConsoleConfig config;

    ConsoleResource(DatasetOverviews datasets, DatasetServiceClient datasetService, ConsoleConfig config) {
        this.datasets = datasets;
        this.datasetService = datasetService;
        this.config = config;
    }

    @GET
    @Path("/datasets")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The newest ready version of every dataset: split counts and verification outcome")
    public List<DatasetOverview> datasets() throws IOException {
        return datasets.list();
    }

    @POST
    @Path("/datasets/layout")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "How the dataset-service would read a folder source (its POST /datasets/layout)")
    public Response previewLayout(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws IOException {
        return passedOn(datasetService.post("/datasets/layout", DatasetImportBody.read(body), authorization));
    }

    @POST
    @Path("/datasets")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Import a dataset version through the dataset-service (its POST /datasets);"
            + " Location names the console path to poll")
    public Response importDataset(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws IOException {
        return accepted(datasetService.post("/datasets", DatasetImportBody.read(body), authorization));
    }

    @POST
    @Path("/datasets/{name}/archive")
    @Consumes({ArchiveMediaTypes.ZIP, ArchiveMediaTypes.ZIP_LEGACY, ArchiveMediaTypes.TAR, ArchiveMediaTypes.GTAR,
            ArchiveMediaTypes.GZIP, ArchiveMediaTypes.GZIP_LEGACY, ArchiveMediaTypes.TAR_GZ, ArchiveMediaTypes.BYTES})
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Import a dropped zip, tar or tar.gz (the console packs a dropped folder as a tar) through"
            + " the dataset-service's POST /datasets/{name}/archive, streamed; options as query parameters")
    public Response uploadArchive(@PathParam("name") String name, @Context UriInfo uri,
                                  @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                  @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                  @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        if (!StoreKeys.isValidName(name)) {
            return badName();
        }
        StringJoiner query = new StringJoiner("&", "/datasets/" + name + "/archive?", "").setEmptyValue(
                "/datasets/" + name + "/archive");
        for (var option : uri.getQueryParameters().entrySet()) {
            if (!ARCHIVE_OPTIONS.contains(option.getKey())) {
                return ErrorAnswers.of(Response.Status.BAD_REQUEST, "unknown import option; the options are "
                        + String.join(", ", ARCHIVE_OPTIONS)).toResponse();
            }
            for (String value : option.getValue()) {
                query.add(option.getKey() + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        // type and subtype only: @Consumes matched them; parameters such as a charset mean nothing for an archive
        MediaType declared = contentType == null ? null : MediaType.valueOf(contentType);
        String type = declared == null ? ArchiveMediaTypes.BYTES : declared.getType() + "/" + declared.getSubtype();
        return accepted(datasetService.upload(query.toString(), type, body,
                length == null ? -1 : length, authorization, config.uploadTimeout()));
    }

    /** The dataset-service's answer to an import, with the console path to poll as Location. */
    private static Response accepted(DatasetServiceClient.Answer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body().toString());
        String name = answer.text("name");
        String version = answer.text("version");
        if (answer.status() == 202 && StoreKeys.isValidName(name) && StoreKeys.isValidName(version)) {
            response.location(UriBuilder.fromPath(POLL_PATH).build(name, version));
        }
        return response.type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/datasets/{name}/versions/{version}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A dataset version's status and progress, from the dataset-service")
    public Response datasetVersion(@PathParam("name") String name, @PathParam("version") String version,
                                   @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!StoreKeys.isValidName(name) || !StoreKeys.isValidName(version)) {
            return badName();
        }
        return passedOn(datasetService.get("/datasets/" + name + "/versions/" + version, authorization));
    }

    @GET
    @Path("/datasets/{name}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A dataset's versions with their status (DELETED: kept as a tombstone), oldest first, from"
            + " the dataset-service (its GET /datasets/{name}, the first " + VERSIONS_LISTED + ")")
    public Response datasetVersions(@PathParam("name") String name,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!StoreKeys.isValidName(name)) {
            return badName();
        }
        return passedOn(datasetService.get("/datasets/" + name + "?limit=" + VERSIONS_LISTED, authorization));
    }

    @DELETE
    @Path("/datasets/{name}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete every version of a dataset through the dataset-service (its DELETE /datasets/{name});"
            + " its answer, 404 and 409 included, as it is")
    public Response deleteDataset(@PathParam("name") String name,
                                  @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!StoreKeys.isValidName(name)) {
            return badName();
        }
        return passedOn(datasetService.delete("/datasets/" + name, authorization));
    }

    @DELETE
    @Path("/datasets/{name}/versions/{version}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete a dataset version through the dataset-service (its DELETE"
            + " /datasets/{name}/versions/{version}); tombstone: true when a model's lineage keeps its metadata")
    public Response deleteDatasetVersion(@PathParam("name") String name, @PathParam("version") String version,
                                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!StoreKeys.isValidName(name) || !StoreKeys.isValidName(version)) {
            return badName();
        }
        return passedOn(datasetService.delete("/datasets/" + name + "/versions/" + version, authorization));
    }

    private static Response badName() {
        return ErrorAnswers.of(Response.Status.BAD_REQUEST, NAME_RULE).toResponse();
    }

    private static Response passedOn(DatasetServiceClient.Answer answer) {
        return Response.status(answer.status()).entity(answer.body().toString())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> refused(RefusedImportException e) {
        return ErrorAnswers.of(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> unavailable(DatasetServiceUnavailableException e) {
        return ErrorAnswers.of(Response.Status.BAD_GATEWAY, e.getMessage());
    }
}
