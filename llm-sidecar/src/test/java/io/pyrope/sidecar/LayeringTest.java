package io.pyrope.sidecar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering of the sidecar, checked by the build. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pyrope.sidecar");

    @Test
    void generatedProtoTypesStayAtTheGrpcEdge() {
        noClasses().that().resideInAnyPackage("io.pyrope.sidecar.llm..", "io.pyrope.sidecar.markov..",
                        "io.pyrope.sidecar.advice..", "io.pyrope.sidecar.config..", "io.pyrope.sidecar.time..",
                        "io.pyrope.sidecar.embed..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pyrope.internal..", "io.pyrope.v1..", "io.grpc..")
                .check(CLASSES);
    }

    @Test
    void theLlmLayerKnowsNothingOfItsUsers() {
        noClasses().that().resideInAPackage("io.pyrope.sidecar.llm..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pyrope.sidecar.markov..",
                        "io.pyrope.sidecar.advice..", "io.pyrope.sidecar.config..")
                .check(CLASSES);
    }

    @Test
    void noIgniteInTheSidecar() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.ignite..").check(CLASSES);
    }
}
