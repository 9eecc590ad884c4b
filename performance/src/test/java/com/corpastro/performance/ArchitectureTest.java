package com.corpastro.performance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The rules of the performance module's layout (see STYLE.md), as tests: it never reaches into the
 * application that uses it, its feature packages form no cycle, its {@code internal} types stay out
 * of public signatures, and what exists only to be wired is not public.
 */
class ArchitectureTest {

    private static final JavaClasses PERFORMANCE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.corpastro.performance");

    @Test
    void performanceNeverImportsTheBackend() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.corpastro.backend..")
                .check(PERFORMANCE);
    }

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("com.corpastro.performance.(*)..").should().beFreeOfCycles().check(PERFORMANCE);
    }

    @Test
    void internalTypesNeverAppearInPublicSignatures() {
        classes().that().resideOutsideOfPackage("..internal..").and(publiclyVisible())
                .should(notExposeTypesOf("..internal.."))
                .check(PERFORMANCE);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
                .should().notBePublic().check(PERFORMANCE);
    }

    @Test
    void servletFiltersArePackagePrivateButTheRequestIdFilter() {
        classes().that().areAssignableTo(jakarta.servlet.Filter.class)
                .and().doNotHaveSimpleName("RequestIdFilter")
                .should().notBePublic().check(PERFORMANCE);
    }

    @Test
    void eachFeatureOwnsItsAutoConfigurationAndProperties() {
        classes().that().areAnnotatedWith(AutoConfiguration.class).or().areAnnotatedWith(ConfigurationProperties.class)
                .should().resideOutsideOfPackage("com.corpastro.performance.autoconfigure")
                .check(PERFORMANCE);
    }

    /** Public, and every class it is nested in public too: visible outside its package. */
    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> publiclyVisible() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("publicly visible", type -> {
            for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
                if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** No public or protected field, constructor, method, supertype or type argument names a type of {@code packages}. */
    private static ArchCondition<JavaClass> notExposeTypesOf(String packages) {
        return new ArchCondition<>("not expose types of " + packages + " in public signatures") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<String> exposed = new ArrayList<>();
                type.getRawSuperclass().ifPresent(superclass -> exposedIn(superclass.getAllInvolvedRawTypes(), packages,
                        type.getName() + " extends", exposed));
                for (JavaType implemented : type.getInterfaces()) {
                    exposedIn(implemented.getAllInvolvedRawTypes(), packages, type.getName() + " implements", exposed);
                }
                for (JavaField field : type.getFields()) {
                    if (api(field.getModifiers())) {
                        exposedIn(field.getType().getAllInvolvedRawTypes(), packages, field.getFullName(), exposed);
                    }
                }
                for (JavaCodeUnit member : type.getCodeUnits()) {
                    if (!api(member.getModifiers())) {
                        continue;
                    }
                    exposedIn(member.getReturnType().getAllInvolvedRawTypes(), packages, member.getFullName(), exposed);
                    for (JavaType parameter : member.getParameterTypes()) {
                        exposedIn(parameter.getAllInvolvedRawTypes(), packages, member.getFullName(), exposed);
                    }
                }
                for (String finding : exposed) {
                    events.add(SimpleConditionEvent.violated(type, finding));
                }
            }
        };
    }

    private static boolean api(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void exposedIn(Set<JavaClass> involved, String packages, String where, List<String> exposed) {
        String fragment = packages.replace("..", "");
        for (JavaClass type : involved) {
            if (type.getPackageName().startsWith("com.corpastro.") && type.getPackageName().contains("." + fragment)) {
                exposed.add(where + " exposes " + type.getName());
            }
        }
    }
}
