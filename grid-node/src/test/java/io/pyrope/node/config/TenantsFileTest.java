package io.pyrope.node.config;

import io.pyrope.api.v1.GetTenantPolicyRequest;
import io.pyrope.api.v1.ListTenantsRequest;
import io.pyrope.domain.ExhaustedAction;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import io.pyrope.node.tenant.TenantSeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantsFileTest {
    private static final Path SHIPPED = Path.of("..", "config", "pyrope-tenants.yaml");

    @Test
    void theShippedExampleParses() {
        List<TenantSeed> seeds = TenantsFile.read(SHIPPED);
        assertThat(seeds).hasSize(1);
        TenantSeed s = seeds.get(0);
        assertThat(s.id().value()).isEqualTo("example");
        assertThat(s.policy().quotas().requestsPerSecond()).isEqualTo(200.0);
        assertThat(s.policy().quotas().maxIndexes()).isEqualTo(20);
        assertThat(s.policy().budget().monthlyBudget()).isEqualTo(50_000.0);
        assertThat(s.policy().budget().onExhausted()).isEqualTo(ExhaustedAction.MIN_EFFORT);
    }

    @Test
    void missingKeysTakeDefaultsAndBadOnesFailWithTheirPath(@TempDir Path dir) throws Exception {
        List<TenantSeed> seeds = TenantsFile.read(write(dir, "tenants:\n  - id: bare\n"));
        assertThat(seeds.get(0).policy().quotas().maxVectors()).isZero();
        assertThat(seeds.get(0).policy().budget().limited()).isFalse();

        assertThatThrownBy(() -> TenantsFile.read(write(dir, "tenants:\n  - id: a\n    quotas:\n      burts: 3\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tenants[0].quotas.burts").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> TenantsFile.read(write(dir, "tenants:\n  - id: a\n    quotas:\n      burst: -3\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tenants[0]").hasMessageContaining("burst must be >= 0");
        assertThatThrownBy(() -> TenantsFile.read(write(dir, "tenants:\n  - id: a\n    budget:\n      onExhausted: PANIC\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("onExhausted");
        assertThatThrownBy(() -> TenantsFile.read(write(dir, "tenants:\n  - id: a\n  - id: a\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> TenantsFile.read(write(dir, "tenants:\n  - id: 'Not Valid'\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tenants[0]");
        assertThatThrownBy(() -> TenantsFile.read(dir.resolve("absent.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
    }

    @Test
    void aNodeStartedWithTheFileHasTheTenantsAndPolicies() throws Exception {
        try (NodeFixture node = NodeFixture.start(TestPorts.slot(15), "tenants",
                Map.of("PYROPE_TENANTS_FILE", SHIPPED.toAbsolutePath().toString()))) {
            var admin = node.admin(NodeFixture.ADMIN_KEY);
            assertThat(admin.listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsList())
                    .anyMatch(t -> t.getId().equals("example") && t.getDisplayName().equals("Example tenant"));
            var policy = admin.getTenantPolicy(GetTenantPolicyRequest.newBuilder().setTenantId("example").build());
            assertThat(policy.getQuotas().getBurst()).isEqualTo(400);
            assertThat(policy.getBudget().getMonthlyBudget()).isEqualTo(50_000.0);
        }
    }

    private static Path write(Path dir, String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "tenants", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
