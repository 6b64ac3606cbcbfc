package io.sightline.trainer.rest;

import io.sightline.auth.Roles;
import io.sightline.kit.rest.Pages;
import io.sightline.trainer.deadletter.DeadLetterRecord;
import io.sightline.trainer.deadletter.DeadLetterTopic;
import io.sightline.trainer.deadletter.DeadLetters;
import io.sightline.trainer.deadletter.ReplayReport;
import io.sightline.trainer.deadletter.ReplayRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The dead-letter topics this service's consumers write to: read, and replayed to where they came from. */
@Path("/admin/dlq")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@RolesAllowed(Roles.ADMIN)
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "The dead-letter topics of this service, with their records per partition")
    public List<DeadLetterTopic> topics() {
        return deadLetters.topics();
    }

    @GET
    @Path("/{topic}")
    @Operation(summary = "Records of a dead-letter topic, by partition and offset; the next page's cursor is in"
            + " the Next-Cursor header")
    public RestResponse<List<DeadLetterRecord>> records(@PathParam("topic") String topic,
                                                        @QueryParam("partition") String partition,
                                                        @QueryParam("limit") String limit,
                                                        @QueryParam("after") String after, @Context UriInfo uri) {
        Integer only = partition == null || partition.isBlank() ? null : (int) number("partition", partition);
        return Pages.answer(deadLetters.page(topic, only, Pages.Request.parse(limit, after)), uri);
    }

    @GET
    @Path("/{topic}/{partition}/{offset}")
    @Operation(summary = "One record of a dead-letter topic")
    public DeadLetterRecord record(@PathParam("topic") String topic, @PathParam("partition") String partition,
                                   @PathParam("offset") String offset) {
        return deadLetters.record(topic, (int) number("partition", partition), number("offset", offset));
    }

    @POST
    @Path("/{topic}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write records of a dead-letter topic back to the topic they came from:"
            + " {\"partition\": P, \"offsets\": [..]} or {\"all\": true}")
    public ReplayReport replay(@PathParam("topic") String topic, ReplayRequest request) {
        return deadLetters.replay(topic, request);
    }

    /** A path or query number; JAX-RS would answer a bare 404 for one it cannot convert. */
    private static long number(String name, String text) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0 && (!name.equals("partition") || value <= Integer.MAX_VALUE)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException(name + " must be a whole number of at least 0, got: " + text);
    }
}
