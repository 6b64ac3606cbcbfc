package io.sightline.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses a rendered document into fabric8's typed Kubernetes model and reports what the model did not take:
 * an unknown kind or apiVersion, and every non-empty {@code additionalProperties} (a misspelled or misplaced
 * field) anywhere in the object. A wrong type fails in the parse itself. No API server needed.
 */
final class StrictModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictModel() {
    }

    /** True when fabric8 has a typed class for this apiVersion and kind. */
    static boolean isKnown(String apiVersion, String kind) {
        return SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind) != null;
    }

    /** The problems of one document, empty when the typed model holds all of it. */
    static List<String> problems(String yaml) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(yaml);
        } catch (RuntimeException e) {
            return List.of("does not parse into the model: " + e.getMessage());
        }
        if (parsed instanceof GenericKubernetesResource generic) {
            return List.of("unknown kind " + generic.getApiVersion() + " " + generic.getKind());
        }
        if (!(parsed instanceof KubernetesResource)) {
            return List.of("not a Kubernetes resource: " + parsed);
        }
        List<String> problems = new ArrayList<>();
        walk(parsed, parsed.getClass().getSimpleName(), problems);
        return problems;
    }

    private static void walk(Object node, String path, List<String> problems) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", problems));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return; // scalars, enums
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + " has fields the model does not know: " + extra.keySet());
                }
            } else {
                walk(value, path + "." + property(getter), problems);
            }
        }
    }

    private static Object invoke(Method getter, Object node) {
        try {
            return getter.invoke(node);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + " on " + node.getClass(), e);
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
