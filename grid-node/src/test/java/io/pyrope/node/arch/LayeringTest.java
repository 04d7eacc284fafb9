package io.pyrope.node.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;

import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module arrows of DESIGN.md, checked on the compiled main classes of every module on
 * grid-node's classpath (client-sdk, partitioning, compute-tasks, grid-node).
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // One class per module locates its classes directory or jar; scanning only those is fast.
        List<URL> modules = Stream.of(io.pyrope.domain.TenantId.class, io.pyrope.shard.LocalShard.class,
                        io.pyrope.compute.VectorGrid.class, io.pyrope.node.ApiServices.class)
                .map(c -> c.getProtectionDomain().getCodeSource().getLocation())
                .distinct().collect(Collectors.toList());
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrls(modules);
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .as("all modules imported")
                .contains("io.pyrope.domain", "io.pyrope.shard", "io.pyrope.compute", "io.pyrope.node");
    }

    @Test
    void nothingOutsideGridNodeDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("io.pyrope.node..")
                .should().dependOnClassesThat().resideInAPackage("io.pyrope.node..")
                .check(classes);
    }

    @Test
    void generatedProtoTypesStayOutOfTheShardEngineAndTheDomain() {
        noClasses().that().resideInAnyPackage("io.pyrope.shard..", "io.pyrope.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pyrope.api.v1..", "io.pyrope.internal.v1..",
                        "com.google.protobuf..")
                .check(classes);
    }

    @Test
    void theDomainHasNoIgniteProtoOrCaffeineTypes() {
        noClasses().that().resideInAPackage("io.pyrope.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.ignite..", "io.grpc..",
                        "com.github.benmanes.caffeine..")
                .check(classes);
    }

    @Test
    void theNodeApiLayerIsTransportNeutral() {
        noClasses().that().resideInAPackage("io.pyrope.node.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "org.apache.ignite..",
                        "io.pyrope.node.grpc..", "io.pyrope.node.sdk..")
                .check(classes);
    }

    @Test
    void onlyTheTransportsTalkGrpc() {
        // The sidecar client is the node's outgoing gRPC transport (to its co-located sidecar).
        noClasses().that().resideInAPackage("io.pyrope.node..")
                .and().resideOutsideOfPackages("io.pyrope.node.grpc..", "io.pyrope.node.sdk..", "io.pyrope.node.sidecar..")
                .should().dependOnClassesThat().resideInAPackage("io.grpc..")
                .check(classes);
    }
}
