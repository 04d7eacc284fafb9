package io.pyrope.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.ExhaustedAction;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantQuotas;
import io.pyrope.node.tenant.TenantSeed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the tenants file (config/pyrope-tenants.yaml documents it): tenants with their quotas
 * and budget policies, declared instead of set by RPC. Unknown keys and bad values fail with the
 * path of the offending key, like the node config. Never holds keys: secrets stay out of files.
 */
public final class TenantsFile {
    private static final Set<String> TENANT_KEYS = Set.of("id", "displayName", "quotas", "budget");
    private static final Set<String> QUOTA_KEYS = Set.of("requestsPerSecond", "burst", "maxVectors", "maxIndexes", "maxRequestBytes");
    private static final Set<String> BUDGET_KEYS = Set.of("monthlyBudget", "degradeBelow", "minEffort", "pacing", "paceTolerance",
            "onExhausted", "latencyP99Ms");

    private TenantsFile() {
    }

    public static List<TenantSeed> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("tenants.file", "cannot read " + file + ": " + e.getMessage());
        }
        List<TenantSeed> seeds = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return seeds;
        }
        requireKeys(root, Set.of("tenants"), "");
        JsonNode list = root.path("tenants");
        if (list.isNull() || list.isMissingNode()) {
            return seeds;
        }
        if (!list.isArray()) {
            throw fail("tenants", "must be a list of tenants");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "tenants[" + i + "]";
            JsonNode t = list.get(i);
            requireKeys(t, TENANT_KEYS, at);
            try {
                TenantId id = new TenantId(t.path("id").asText(""));
                if (!ids.add(id.value())) {
                    throw fail(at + ".id", "tenant '" + id + "' is declared twice");
                }
                JsonNode q = t.path("quotas");
                JsonNode b = t.path("budget");
                requireKeys(q, QUOTA_KEYS, at + ".quotas");
                requireKeys(b, BUDGET_KEYS, at + ".budget");
                BudgetPolicy d = BudgetPolicy.UNLIMITED;
                TenantPolicy policy = new TenantPolicy(
                        new TenantQuotas(q.path("requestsPerSecond").asDouble(0), q.path("burst").asInt(0),
                                q.path("maxVectors").asLong(0), q.path("maxIndexes").asInt(0), q.path("maxRequestBytes").asInt(0)),
                        new BudgetPolicy(b.path("monthlyBudget").asDouble(0), b.path("degradeBelow").asDouble(d.degradeBelow()),
                                b.path("minEffort").asDouble(d.minEffort()), b.path("pacing").asBoolean(d.pacing()),
                                b.path("paceTolerance").asDouble(d.paceTolerance()),
                                exhausted(b.path("onExhausted").asText(d.onExhausted().name()), at),
                                b.path("latencyP99Ms").asDouble(0)));
                seeds.add(new TenantSeed(id, t.path("displayName").asText(""), policy));
            } catch (PyropeException | IllegalArgumentException e) {
                throw fail(at, e.getMessage());
            }
        }
        return seeds;
    }

    private static ExhaustedAction exhausted(String value, String at) {
        try {
            return ExhaustedAction.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw fail(at + ".budget.onExhausted", "must be REJECT, MIN_EFFORT or CACHE_ONLY, got '" + value + "'");
        }
    }

    private static void requireKeys(JsonNode node, Set<String> known, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw fail(at.isEmpty() ? "(root)" : at, "must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw fail(at.isEmpty() ? k : at + "." + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static ConfigException fail(String at, String reason) {
        return new ConfigException("tenants.file: " + at, reason);
    }
}
