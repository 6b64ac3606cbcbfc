package io.sightline.dataset.rest;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the service's main classes says who may call it: {@code @RolesAllowed}, {@code @PermitAll} or
 * {@code @DenyAll} on the method or its class (the service denies one that does not, decision 085).
 */
class EndpointAnnotationScanTest {

    @Test
    void everyEndpointMethodIsAnnotated() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> resources = resources();
        assertThat(resources).as("the scan finds the resources").contains(DatasetResource.class);
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
        assertThat(bare).isEmpty();
    }

    /** The classes with {@code @Path} among the main classes (not the tests'). */
    static List<Class<?>> resources() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(DatasetResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, EndpointAnnotationScanTest.class.getClassLoader());
                if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    static boolean secured(AnnotatedElement element) {
        return Stream.<Class<? extends Annotation>>of(RolesAllowed.class, PermitAll.class, DenyAll.class)
                .anyMatch(element::isAnnotationPresent);
    }
}
