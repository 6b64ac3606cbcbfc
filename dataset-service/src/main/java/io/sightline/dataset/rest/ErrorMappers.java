package io.sightline.dataset.rest;

import io.sightline.dataset.DatasetBusyException;
import io.sightline.dataset.ImportQueueFullException;
import io.sightline.dataset.UnknownDatasetException;
import io.sightline.dataset.UploadTooLargeException;
import io.sightline.dataset.VersionDeletedException;
import io.sightline.dataset.catalog.TreeMismatchException;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The dataset service's own exceptions as {@code {"error": "..."}} answers. A missing token, an unreadable
 * JSON body and JAX-RS' own refusals are the kit's {@code SharedErrorMappers}, in this service's
 * {@link DatasetErrorWording}.
 */
class ErrorMappers {

    @ServerExceptionMapper
    RestResponse<ErrorBody> invalid(InvalidImportException e) {
        return ErrorAnswers.of(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> tooLarge(UploadTooLargeException e) {
        return ErrorAnswers.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> queueFull(ImportQueueFullException e) {
        return ErrorAnswers.retryLater(Response.Status.TOO_MANY_REQUESTS, e.getMessage(),
                Math.max(1, e.retryAfter().toSeconds()));
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> treeMismatch(TreeMismatchException e) {
        return ErrorAnswers.of(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> busy(DatasetBusyException e) {
        return ErrorAnswers.of(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> deleted(VersionDeletedException e) {
        return ErrorAnswers.of(Response.Status.GONE, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> unknown(UnknownDatasetException e) {
        return ErrorAnswers.of(Response.Status.NOT_FOUND, e.getMessage());
    }
}
