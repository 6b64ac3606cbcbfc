package io.sightline.dataset.rest;

import io.sightline.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.dataset.DatasetService;
import io.sightline.dataset.DeleteResult;
import io.sightline.dataset.Retention;
import io.sightline.dataset.RetentionPolicy;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.kit.rest.ArchiveMediaTypes;
import io.sightline.kit.rest.Pages;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Import datasets, look at their versions, delete them, and set how many retention keeps. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetService datasets;
    private final Retention retention;
    private final SecurityIdentity caller;

    public DatasetResource(DatasetService datasets, Retention retention, SecurityIdentity caller) {
        this.datasets = datasets;
        this.retention = retention;
        this.caller = caller;
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
    @Operation(summary = "Datasets with their newest published version, by name, a page at a time (limit, after;"
            + " the next page's cursor in Next-Cursor and Link); status= keeps those whose newest version has it")
    @APIResponse(responseCode = "400", description = "a bad limit, cursor or status")
    public RestResponse<List<DatasetSummary>> list(@QueryParam("limit") String limit,
                                                   @QueryParam("after") String after,
                                                   @QueryParam("status") String status, @Context UriInfo uri) {
        Pages.Request page = Pages.Request.parse(limit, after);
        VersionStatus wanted = DatasetViews.status(status);
        List<DatasetSummary> summaries = new ArrayList<>();
        for (String name : datasets.datasets()) {
            List<DatasetVersion> versions = datasets.versionsIfAny(name);
            if (wanted == null || !versions.isEmpty() && versions.get(versions.size() - 1).status() == wanted) {
                summaries.add(new DatasetSummary(name,
                        datasets.latestPublished(name).map(DatasetVersion::version).orElse(null), versions.size()));
            }
        }
        return Pages.answer(summaries, DatasetSummary::name, page, uri);
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A dataset's versions with status and digest, oldest first, a page at a time (limit, after)")
    public RestResponse<DatasetDetail> dataset(@PathParam("name") String name, @QueryParam("limit") String limit,
                                               @QueryParam("after") String after, @Context UriInfo uri) {
        Pages.Request request = Pages.Request.parse(limit, after);
        Pages.Page<VersionSummary> page = Pages.cut(datasets.versions(name).stream().map(VersionSummary::of).toList(),
                v -> String.format("%010d", Long.parseLong(v.version())), request);
        RestResponse<List<VersionSummary>> paged = Pages.answer(page, uri);
        RestResponse.ResponseBuilder<DatasetDetail> answer =
                RestResponse.ResponseBuilder.ok(new DatasetDetail(name, page.items()));
        paged.getHeaders().forEach((header, values) -> values.forEach(value -> answer.header(header, value)));
        return answer.build();
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete every version of a dataset: a version a model's lineage names stays as a tombstone"
            + " (manifest and verification kept), the others are removed; emits dataset.deleted")
    @APIResponse(responseCode = "200", description = "what was removed and what kept as a tombstone")
    @APIResponse(responseCode = "404", description = "no such dataset")
    @APIResponse(responseCode = "409", description = "an import of the dataset is running")
    public DeleteResult deleteDataset(@PathParam("name") String name) throws IOException {
        return datasets.deleteDataset(name, CallerName.of(caller));
    }

    @DELETE
    @Path("{name}/versions/{version}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete a version: a tombstone when a model's lineage names it, else removed; its number is"
            + " never given again; emits dataset.deleted")
    @APIResponse(responseCode = "200", description = "removed, or kept as a tombstone (tombstone: true)")
    @APIResponse(responseCode = "404", description = "no such dataset or version")
    @APIResponse(responseCode = "409", description = "the version's import is running")
    public DeleteResult deleteVersion(@PathParam("name") String name, @PathParam("version") String version)
            throws IOException {
        return datasets.deleteVersion(name, version, CallerName.of(caller));
    }

    @GET
    @Path("{name}/retention")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "How many published versions retention keeps: this dataset's override (null: the default)"
            + " and the rule in effect")
    public Retention.View retention(@PathParam("name") String name) throws IOException {
        return retention.view(name);
    }

    @PUT
    @Path("{name}/retention")
    @RolesAllowed(Roles.WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set this dataset's retention {keepLast, maxAgeDays} (null: the configured default; 0: keep"
            + " all / no age limit); applied by the next garbage collection")
    @APIResponse(responseCode = "400", description = "a negative count or age")
    public Retention.View setRetention(@PathParam("name") String name, RetentionPolicy policy) throws IOException {
        return retention.set(name, policy);
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
