package io.sightline.trainer.rest;

import io.sightline.trainer.console.DatasetOverview;
import io.sightline.trainer.console.DatasetOverviews;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Data for the web console at {@code /console/}, beyond the public job and model APIs. */
@Path("/console/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "console")
public class ConsoleResource {

    private final DatasetOverviews datasets;

    ConsoleResource(DatasetOverviews datasets) {
        this.datasets = datasets;
    }

    @GET
    @Path("/datasets")
    @Operation(summary = "The newest ready version of every dataset: split counts and verification outcome")
    public List<DatasetOverview> datasets() throws IOException {
        return datasets.list();
    }
}
