package io.sightline.trainer.rest;

import io.sightline.auth.Roles;
import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.console.DatasetImportBody;
import io.sightline.trainer.console.DatasetOverview;
import io.sightline.trainer.console.DatasetOverviews;
import io.sightline.trainer.console.DatasetServiceClient;
import io.sightline.trainer.console.DatasetServiceUnavailableException;
import io.sightline.trainer.console.RefusedImportException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Data for the web console at {@code /console/}, beyond the public job and model APIs, and its way to the
 * dataset-service for imports: requests go only to the configured {@code sightline.console.dataset-service-url},
 * with the caller's {@code Authorization}; its 2xx and 4xx JSON answers come back as they are.
 */
@Path("/console/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "console")
public class ConsoleResource {

    private static final String POLL_PATH = "/console/api/datasets/{name}/versions/{version}";

    private final DatasetOverviews datasets;
    private final DatasetServiceClient datasetService;

    ConsoleResource(DatasetOverviews datasets, DatasetServiceClient datasetService) {
        this.datasets = datasets;
        this.datasetService = datasetService;
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
        DatasetServiceClient.Answer answer =
                datasetService.post("/datasets", DatasetImportBody.read(body), authorization);
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
            return ErrorAnswers.of(Response.Status.BAD_REQUEST, "dataset names and versions are letters, digits, '.',"
                    + " '_' and '-', at most 128, starting with a letter or digit").toResponse();
        }
        return passedOn(datasetService.get("/datasets/" + name + "/versions/" + version, authorization));
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
