package io.pyrope.node.tenant;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.TestPorts;
import io.pyrope.node.auth.Authenticator;
import io.pyrope.node.auth.Caller;
import io.pyrope.testing.MutableClock;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Tenants, hashed keys and authentication on a real (plain) Ignite cluster of two nodes in one JVM. */
class TenantsAndKeysTest {
    private static final String ADMIN = "admin-key-for-tests-0123456789";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    private static Ignite a;
    private static Ignite b;

    @BeforeAll
    static void startCluster() {
        TestPorts ports = TestPorts.slot(1);
        a = PlainIgnite.start("tenants-a", 0, ports, PlainIgnite.workDir("tenants-a"));
        b = PlainIgnite.start("tenants-b", 1, ports, PlainIgnite.workDir("tenants-b"));
    }

    @AfterAll
    static void stopCluster() {
        Ignition.stop(b.name(), true);
        Ignition.stop(a.name(), true);
    }

    private static ApiKeyStore keys(Ignite ignite) {
        return new ApiKeyStore(MetadataCaches.apiKeys(ignite), CLOCK, new SecureRandom());
    }

    private static TenantStore tenants(Ignite ignite) {
        return new TenantStore(MetadataCaches.tenants(ignite), CLOCK);
    }

    private static Authenticator auth(Ignite ignite, Duration ttl) {
        return new Authenticator(keys(ignite), Optional.of(ADMIN), ttl, CLOCK);
    }

    @Test
    void keysAreStoredOnlyAsHashesAndResolveToTheirTenant() {
        TenantAdmin admin = new TenantAdmin(tenants(a), keys(a), null, h -> { });
        TenantAdmin.Created created = admin.create(new TenantId("acme"), "Acme");
        String secret = created.key().secret();
        assertThat(secret).startsWith("pyr_").hasSizeGreaterThan(40);
        assertThat(created.key().keyId()).startsWith("key_");

        IgniteCache<String, ApiKeyEntry> raw = MetadataCaches.apiKeys(a);
        assertThat(raw.containsKey(secret)).isFalse();
        ApiKeyEntry stored = raw.get(KeyHashing.sha256(secret));
        assertThat(stored.tenantId()).isEqualTo("acme");
        assertThat(stored.keyId()).isEqualTo(created.key().keyId());

        Caller caller = auth(b, Duration.ofSeconds(5)).authenticateHeader("Bearer " + secret);
        assertThat(caller.requireTenant()).isEqualTo(new TenantId("acme"));
        assertThat(caller.admin()).isFalse();

        assertThatThrownBy(() -> admin.create(new TenantId("acme"), "again"))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(admin.list()).extracting(TenantEntry::id).contains("acme");
    }

    @Test
    void missingMalformedUnknownKeysAreUnauthenticated() {
        Authenticator auth = auth(a, Duration.ofSeconds(5));
        assertUnauthenticated(() -> auth.authenticateHeader(null), "missing API key");
        assertUnauthenticated(() -> auth.authenticateHeader(""), "missing API key");
        assertUnauthenticated(() -> auth.authenticateHeader("Basic abc"), "expected 'Bearer <key>'");
        assertUnauthenticated(() -> auth.authenticateHeader("Bearer pyr_notAKeyAtAll"), "invalid or revoked API key");
        assertUnauthenticated(() -> auth.authenticate(""), "missing API key");
    }

    @Test
    void adminKeyIsAdminAndBelongsToNoTenant() {
        Caller admin = auth(a, Duration.ofSeconds(5)).authenticateHeader("bearer " + ADMIN);
        assertThat(admin.admin()).isTrue();
        admin.requireAdmin("CreateTenant");
        assertThatThrownBy(admin::requireTenant)
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        Caller tenant = Caller.ofTenant(new TenantId("acme"), "key_1", KeyRole.TENANT_ADMIN);
        assertThatThrownBy(() -> tenant.requireAdmin("CreateTenant"))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
                .hasMessageContaining("needs the cluster admin key");
    }

    @Test
    void revocationInvalidatesCachedKeysOnEveryNodeDespiteALongTtl() throws Exception {
        Authenticator onA = auth(a, Duration.ofHours(1));
        Authenticator onB = auth(b, Duration.ofHours(1));
        try (AutoCloseable watchA = keys(a).watch(onA::invalidate); AutoCloseable watchB = keys(b).watch(onB::invalidate)) {
            TenantAdmin admin = new TenantAdmin(tenants(a), keys(a), null, onA::invalidate);
            TenantAdmin.Created created = admin.create(new TenantId("revoke-me"), "");
            String secret = created.key().secret();
            assertThat(onA.authenticate(secret).requireTenant().value()).isEqualTo("revoke-me");
            assertThat(onB.authenticate(secret).requireTenant().value()).isEqualTo("revoke-me");

            assertThat(admin.revokeKey(created.key().keyId(), Optional.empty())).isTrue();
            assertThat(admin.revokeKey(created.key().keyId(), Optional.empty())).as("already revoked").isFalse();
            assertUnauthenticated(() -> onA.authenticate(secret), "invalid or revoked API key");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertUnauthenticated(() -> onB.authenticate(secret), "invalid or revoked API key"));
            assertThat(keys(a).activeKeys(new TenantId("revoke-me"))).isZero();
        }
    }

    @Test
    void cachedVerificationExpiresAfterTheTtlEvenWithoutNotification() {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        ApiKeyStore store = keys(a);
        Authenticator auth = new Authenticator(store, Optional.empty(), Duration.ofSeconds(5), clock);
        tenants(a).createIfAbsent(new TenantId("ttl"), "");
        IssuedKey key = store.issue(new TenantId("ttl"), KeyRole.WRITER);
        auth.authenticate(key.secret());
        store.revoke(key.keyId(), Optional.empty());
        // No invalidation: the cached verification is still trusted until the TTL passes.
        assertThat(auth.authenticate(key.secret()).requireTenant().value()).isEqualTo("ttl");
        clock.advance(Duration.ofSeconds(6));
        assertUnauthenticated(() -> auth.authenticate(key.secret()), "invalid or revoked");
    }

    @Test
    void defaultTenantIsCreatedOnceAndItsKeyGeneratedOnce() {
        TenantStore t = tenants(a);
        t.remove(TenantId.DEFAULT);
        Optional<IssuedKey> first = DefaultTenant.ensure(t, keys(a), Optional.empty());
        Optional<IssuedKey> second = DefaultTenant.ensure(tenants(b), keys(b), Optional.empty());
        assertThat(first).isPresent();
        assertThat(second).as("the second node finds the tenant and generates nothing").isEmpty();
        assertThat(auth(b, Duration.ZERO).authenticate(first.get().secret()).requireTenant()).isEqualTo(TenantId.DEFAULT);

        String envKey = "env-default-key-0123456789";
        DefaultTenant.ensure(t, keys(a), Optional.of(envKey));
        DefaultTenant.ensure(tenants(b), keys(b), Optional.of(envKey));
        assertThat(auth(a, Duration.ZERO).authenticate(envKey).requireTenant()).isEqualTo(TenantId.DEFAULT);
        assertThat(keys(a).activeKeys(TenantId.DEFAULT)).as("env key registered once").isEqualTo(2);
    }

    private static void assertUnauthenticated(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
                .hasMessageContaining(message);
    }
}
