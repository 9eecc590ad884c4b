package com.corpastro.backend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The backend's layout rules (see STYLE.md), as tests: packages by feature with no cycle between
 * them, an astrology engine in plain Java, and controllers and repositories that no other package
 * can reach.
 */
class ArchitectureTest {

    private static final JavaClasses BACKEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.corpastro.backend");

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("com.corpastro.backend.(*)..").should().beFreeOfCycles().check(BACKEND);
    }

    @Test
    void astroImportsOnlyTheJdk() {
        classes().that().resideInAPackage("com.corpastro.backend.astro..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.corpastro.backend.astro..")
                .check(BACKEND);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .or().haveSimpleNameEndingWith("Controller")
                .should().notBePublic().check(BACKEND);
    }

    @Test
    void repositoriesArePackagePrivate() {
        classes().that().areAnnotatedWith(Repository.class).or().haveSimpleNameEndingWith("Repository")
                .should().notBePublic().check(BACKEND);
    }
}
