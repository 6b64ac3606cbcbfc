package io.sightline.kit.testing;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who may call each endpoint of a service: every JAX-RS method of its main classes must say it with
 * {@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll} on the method or its class (the services deny an
 * endpoint that does not, decision 085; this finds one before a caller does).
 */
public final class EndpointAudit {

    private EndpointAudit() {
    }

    /** The classes with {@code @Path} among the main classes that hold {@code anyMainClass} (a classes folder). */
    public static List<Class<?>> resources(Class<?> anyMainClass) throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path root = Path.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, anyMainClass.getClassLoader());
                if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    /** {@code Resource.method} of every endpoint among {@code resources} that says nothing about who may call it. */
    public static List<String> unannotated(List<Class<?>> resources) {
        List<String> bare = new ArrayList<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getDeclaredMethods()) {
                boolean endpoint = Stream.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class)
                        .anyMatch(method::isAnnotationPresent);
                if (endpoint && !secured(method) && !secured(resource)) {
                    bare.add(resource.getSimpleName() + "." + method.getName());
                }
            }
        }
        return bare;
    }

    private static boolean secured(AnnotatedElement element) {
        return Stream.<Class<? extends Annotation>>of(RolesAllowed.class, PermitAll.class, DenyAll.class)
                .anyMatch(element::isAnnotationPresent);
    }
}
