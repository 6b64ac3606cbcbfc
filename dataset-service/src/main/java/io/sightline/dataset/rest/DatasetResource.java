package io.sightline.dataset.rest;

import io.sightline.auth.Roles;
import io.sightline.dataset.DatasetService;
import io.sightline.dataset.ImportRequest;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.TreeMaterialiser;
import io.sightline.dataset.rest.DatasetViews.Accepted;
import io.sightline.dataset.rest.DatasetViews.DatasetDetail;
import io.sightline.dataset.rest.DatasetViews.DatasetSummary;
import io.sightline.dataset.rest.DatasetViews.VersionDetail;
import io.sightline.dataset.rest.DatasetViews.VersionSummary;
import io.sightline.storage.StoreKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Import datasets and look at their versions. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetService datasets;

    public DatasetResource(DatasetService datasets) {
        this.datasets = datasets;
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a class-per-folder directory as a new version; the work runs in the background")
    @APIResponse(responseCode = "202", description = "accepted; Location names the version to poll")
    @APIResponse(responseCode = "400", description = "the request can never succeed as given")
    public Response create(CreateDatasetRequest request, UriInfo uri) {
        return accepted(datasets.submit(request == null ? null : request.toDomain()), uri);
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Path("layout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "How a folder source would be read: its layout (detected or as asked), classes, images;"
            + " nothing is imported")
    @APIResponse(responseCode = "200", description = "the layout and what the source holds in it")
    @APIResponse(responseCode = "400", description = "bad options, not a folder source, or the layout cannot be told")
    public DatasetViews.LayoutPreview layout(CreateDatasetRequest request) throws IOException {
        return DatasetViews.LayoutPreview.of(datasets.previewLayout(request == null ? null : request.toDomain()));
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Path("{name}/archive")
    @Consumes({ArchiveMediaTypes.ZIP, ArchiveMediaTypes.ZIP_LEGACY, ArchiveMediaTypes.TAR, ArchiveMediaTypes.GTAR,
            ArchiveMediaTypes.GZIP, ArchiveMediaTypes.GZIP_LEGACY, ArchiveMediaTypes.TAR_GZ, ArchiveMediaTypes.BYTES})
    @Operation(summary = "Import an uploaded zip, tar or tar.gz of class folders; options as query parameters")
    @APIResponse(responseCode = "202", description = "accepted; Location names the version to poll")
    @APIResponse(responseCode = "400", description = "bad options, or the body is not a zip, tar or tar.gz")
    @APIResponse(responseCode = "413", description = "the body is over the upload limit")
    @APIResponse(responseCode = "415", description = "not an archive media type (" + ArchiveMediaTypes.LIST + ")")
    public Response archive(@PathParam("name") String name, @QueryParam("testRatio") Double testRatio,
                            @QueryParam("validationRatio") Double validationRatio, @QueryParam("seed") Long seed,
                            @QueryParam("groupPattern") String groupPattern, @BeanParam ArchiveOptions layout,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body, UriInfo uri)
            throws IOException {
        ImportRequest options = new ImportRequest(name, null, testRatio, validationRatio, seed, groupPattern,
                layout.toOptions());
        datasets.checkArchiveOptions(options); // a typo answers 400 before the body is read
        java.nio.file.Path upload = datasets.receiveUpload(body, length == null ? -1 : length);
        return accepted(datasets.submitArchive(options, upload), uri);
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Path("{name}/versions/{version}/tree")
    @Operation(summary = "Materialise train/ test/ val/ class folders of a READY version in the store and"
            + " re-hash every file against the manifest (only re-hash when it exists)")
    @APIResponse(responseCode = "200", description = "the tree, verified")
    @APIResponse(responseCode = "409", description = "a file of the tree does not match the manifest")
    public TreeMaterialiser.Tree tree(@PathParam("name") String name, @PathParam("version") String version)
            throws IOException {
        return datasets.materialise(name, version);
    }

    private static Response accepted(DatasetVersion version, UriInfo uri) {
        return Response.accepted(new Accepted(version.dataset(), version.version(), version.status()))
                .location(uri.getBaseUriBuilder().path("datasets").path(version.dataset()).path("versions")
                        .path(version.version()).build())
                .build();
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Datasets with their newest published version")
    public List<DatasetSummary> list() {
        return datasets.datasets().stream().map(name -> new DatasetSummary(name,
                datasets.latestPublished(name).map(DatasetVersion::version).orElse(null),
                datasets.versions(name).size())).toList();
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A dataset's versions with status and digest")
    public DatasetDetail dataset(@PathParam("name") String name) {
        return new DatasetDetail(name, datasets.versions(name).stream().map(VersionSummary::of).toList());
    }

    @GET
    @Path("{name}/versions/{version}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A version: status, counts per class per split, verification summary or rejection reason")
    public VersionDetail version(@PathParam("name") String name, @PathParam("version") String version) {
        return VersionDetail.of(datasets.version(name, version), datasets.progress(name, version).orElse(null));
    }

    @GET
    @Path("{name}/versions/{version}/manifest")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The stored " + StoreKeys.MANIFEST + " of a READY version")
    public RestResponse<byte[]> manifest(@PathParam("name") String name, @PathParam("version") String version)
            throws IOException {
        return RestResponse.ok(datasets.manifest(name, version), MediaType.APPLICATION_JSON_TYPE);
    }

    @GET
    @Path("{name}/versions/{version}/verification")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The stored " + StoreKeys.VERIFICATION + " of a READY version")
    public RestResponse<byte[]> verification(@PathParam("name") String name, @PathParam("version") String version)
            throws IOException {
        return RestResponse.ok(datasets.verification(name, version), MediaType.APPLICATION_JSON_TYPE);
    }
}
