package io.sightline.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.kit.rest.ErrorCauses;
import io.sightline.kit.rest.ErrorWording;
import io.sightline.kit.rest.RefusedRequests;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Says why a caller was refused: 401 with a challenge when it presented no token but one would do, or a token no
 * identity accepts; 403 naming the role it lacks; 403 "disabled" when no identity is configured that could ever
 * hold the role.
 */
@Singleton
public class AccessRefusalMappers {

    private final ErrorWording wording;
    private final RefusedRequests refusals;
    private final CallerRules rules;
    private final SecurityIdentity caller;

    public AccessRefusalMappers(ErrorWording wording, RefusedRequests refusals, CallerRules rules,
                                SecurityIdentity caller) {
        this.wording = wording;
        this.refusals = refusals;
        this.caller = caller;
        this.rules = rules;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> authenticationFailed(AuthenticationFailedException e,
                                                        ContainerRequestContext request) {
        refusals.refused(request, ErrorCauses.UNAUTHORIZED);
        return ErrorAnswers.challenge(wording.tokenInvalid());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> forbidden(ForbiddenException e, ContainerRequestContext request,
                                             ResourceInfo resource) {
        boolean presentedToken = caller != null && !caller.getCredentials().isEmpty();
        String name = caller == null || caller.getPrincipal() == null ? null : caller.getPrincipal().getName();
        return refusal(e, presentedToken, name, neededRoles(resource), request);
    }

    /** The answer to a caller without a role it needs. */
    public RestResponse<ErrorBody> refusal(ForbiddenException e, boolean presentedToken, String callerName,
                                           List<String> needed, ContainerRequestContext request) {
        if (needed.isEmpty()) {
            refusals.refused(request, ErrorCauses.FORBIDDEN);
            return ErrorAnswers.of(Response.Status.FORBIDDEN, "this endpoint is closed to every caller");
        }
        if (!presentedToken && rules.identityConfigured()) {
            refusals.refused(request, ErrorCauses.UNAUTHORIZED);
            return ErrorAnswers.challenge(wording.tokenNeeded());
        }
        refusals.refused(request, ErrorCauses.FORBIDDEN);
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return ErrorAnswers.of(Response.Status.FORBIDDEN, e.getMessage());
        }
        if (!presentedToken) {
            return ErrorAnswers.of(Response.Status.FORBIDDEN, needed.contains(Roles.ADMIN)
                    ? "admin endpoints are disabled: no token is configured (sightline.auth.token)"
                    : "this endpoint needs the " + String.join(" or ", needed) + " role and is disabled: no token"
                            + " or identity provider is configured (sightline.auth.token, sightline.auth.tokens,"
                            + " mp.jwt.verify.*)");
        }
        return ErrorAnswers.of(Response.Status.FORBIDDEN, "the bearer token" + (callerName == null ? "" : " of '"
                + callerName + "'") + " lacks the " + String.join(" or ", needed) + " role this endpoint needs");
    }

    /** The roles of the endpoint's {@code @RolesAllowed}, on its method or else its class; none for a closed one. */
    static List<String> neededRoles(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return List.of();
        }
        Method method = resource.getResourceMethod();
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? List.of() : List.of(allowed.value());
    }
}
