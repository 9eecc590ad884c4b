package com.corpastro.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata the build writes (the configuration processor, run from
 * {@code annotationProcessorPaths} on every JDK) is where IDEs take their hints from: every
 * {@code corp-astro.*} property that a {@code @ConfigurationProperties} class of this module binds
 * must be in it, with a description. The properties are found by walking the classes, not by
 * reading the file, so a property the processor misses (a nested type it does not see) fails here.
 */
class ConfigurationMetadataTest {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static Map<String, JsonNode> properties;

    @BeforeAll
    static void readMetadataOfTheBuiltClasses() throws Exception {
        // The metadata beside this module's classes (target/classes, or the jar), not another jar's.
        URL classes = ConfigurationMetadataTest.class.getClassLoader()
                .loadClass(propertiesClasses().get(0).getName())
                .getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader only = new URLClassLoader(new URL[] { classes }, null);
                InputStream in = only.getResourceAsStream(METADATA)) {
            assertThat(in).as(METADATA + " in " + classes).isNotNull();
            JsonNode root = JsonMapper.builder().build().readTree(in);
            properties = new LinkedHashMap<>();
            for (JsonNode property : root.get("properties")) {
                properties.put(property.get("name").asString(), property);
            }
        }
    }

    @Test
    void everyBoundPropertyIsInTheMetadataWithADescription() throws Exception {
        List<String> bound = new ArrayList<>();
        for (Class<?> type : propertiesClasses()) {
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            walk(type, prefix, bound);
        }
        assertThat(bound).hasSizeGreaterThan(100).allSatisfy(name -> assertThat(name).startsWith("corp-astro."));
        List<String> missing = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        for (String name : bound) {
            JsonNode property = properties.get(name);
            if (property == null) {
                missing.add(name);
            } else if (property.path("description").asString("").isBlank()
                    || property.path("description").asString("").contains("{@")) {
                undescribed.add(name + ": '" + property.path("description").asString("") + "'");
            }
        }
        assertThat(missing).as("bound but not in " + METADATA).isEmpty();
        assertThat(undescribed).as("no description, or Javadoc tags in it").isEmpty();
    }

    @Test
    void thePerformanceSwitchIsDescribedToo() {
        assertThat(properties).containsKey("corp-astro.performance.enabled");
        assertThat(properties.get("corp-astro.performance.enabled").path("description").asString("")).isNotBlank();
    }

    private static List<Class<?>> propertiesClasses() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> types = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("com.corpastro.performance")) {
            names.add(candidate.getBeanClassName());
        }
        for (String name : names) {
            types.add(ClassUtils.forName(name, ConfigurationMetadataTest.class.getClassLoader()));
        }
        assertThat(types).as("@ConfigurationProperties classes").isNotEmpty();
        return types;
    }

    /** The names of the properties {@code type} binds under {@code prefix}: a field with a getter is one. */
    private static void walk(Class<?> type, String prefix, List<String> names) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || getter(c, field) == null) {
                    continue;
                }
                String name = prefix + "." + dashed(field.getName());
                if (nested(field.getType())) {
                    walk(field.getType(), name, names);
                } else {
                    names.add(name);
                }
            }
        }
    }

    /** A type of this module that is not a value (enum): its properties are bound one by one. */
    private static boolean nested(Class<?> type) {
        return type.getName().startsWith("com.corpastro.performance.") && !type.isEnum() && !type.isRecord();
    }

    private static Method getter(Class<?> type, Field field) {
        String suffix = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
        for (String prefix : new String[] { "get", "is" }) {
            try {
                Method method = type.getMethod(prefix + suffix);
                if (Modifier.isPublic(method.getModifiers())) {
                    return method;
                }
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        return null;
    }

    private static String dashed(String camel) {
        StringBuilder dashed = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                dashed.append('-').append(Character.toLowerCase(c));
            } else {
                dashed.append(c);
            }
        }
        return dashed.toString();
    }
}
