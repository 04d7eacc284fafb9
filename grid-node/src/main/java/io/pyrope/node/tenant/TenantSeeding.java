package io.pyrope.node.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Applies the tenants file at start: creates declared tenants that do not exist (without a key:
 * keys are issued by RPC, never written to files) and sets every declared tenant's policy, so the
 * file is the source of truth for the tenants it names. Other tenants are left alone.
 */
public final class TenantSeeding {
    private static final Logger LOG = LoggerFactory.getLogger(TenantSeeding.class);

    private TenantSeeding() {
    }

    public static void apply(List<TenantSeed> seeds, TenantStore tenants, TenantPolicyStore policies, String source) {
        if (seeds.isEmpty()) {
            return;
        }
        int created = 0;
        for (TenantSeed s : seeds) {
            if (tenants.createIfAbsent(s.id(), s.displayName()).isPresent()) {
                created++;
            }
            policies.put(s.id(), s.policy());
        }
        LOG.info("tenants file {}: {} tenants ({} created), policies applied", source, seeds.size(), created);
    }
}
