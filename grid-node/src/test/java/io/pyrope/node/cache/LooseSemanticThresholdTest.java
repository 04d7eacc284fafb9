package io.pyrope.node.cache;

import io.pyrope.api.v1.CacheLevel;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.domain.TenantId;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Expensive queries accept a looser semantic match, down to the (tenant, index)'s loose floor and
 * never below the global floor: the curve itself, and end to end on a real node configured so that
 * every search counts as expensive (looseFromCost 0), with one index held strict by an override.
 */
class LooseSemanticThresholdTest {
    private static final int DIM = 16;
    private static final int CLUSTERS = 4;
    private static NodeFixture node;
    private static float[][] centers;

    @BeforeAll
    static void start() {
        node = NodeFixture.start(TestPorts.slot(20), "loose", Map.of(
                "PYROPE_CACHES_LOOSE_FROM_COST", "0",
                "PYROPE_CACHES_LOOSE_AT_COST", "0.000001",
                "PYROPE_CACHES_LOOSE_FLOOR", "0.92",
                "PYROPE_CACHES_LOOSE_FLOOR_OVERRIDES", "default/strict=0.99"));
        Random rnd = new Random(3);
        centers = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centers[c] = SemanticCache.unit(gaussian(rnd));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void theThresholdFallsSmoothlyWithCostFromStrictToTheLooseFloor() {
        SemanticThresholds t = new SemanticThresholds(0.95, 0.9, Map.of("acme/docs", 0.97), 0.92,
                Map.of("acme", 0.85, "strict", 0.99), 1.0, 20.0);
        assertThat(t.forCost("x", "i", 0)).isEqualTo(0.95);
        assertThat(t.forCost("x", "i", 1.0)).isEqualTo(0.95);
        assertThat(t.forCost("x", "i", 20.0)).isCloseTo(0.92, within(1e-12));
        assertThat(t.forCost("x", "i", 1e9)).isCloseTo(0.92, within(1e-12));
        double previous = t.forCost("x", "i", 0);
        for (double cost = 0; cost <= 25; cost += 0.05) {
            double v = t.forCost("x", "i", cost);
            assertThat(v).isLessThanOrEqualTo(previous).isBetween(0.92, 0.95);
            assertThat(previous - v).as("smooth at cost %s", cost).isLessThan(0.001);
            previous = v;
        }
        // A tenant's loose floor below the global floor is held at the floor; the index's strict
        // threshold still applies up to looseFromCost.
        assertThat(t.forCost("acme", "docs", 0)).isEqualTo(0.97);
        assertThat(t.forCost("acme", "docs", 100)).isEqualTo(0.9);
        // A loose floor above the threshold turns loosening off.
        assertThat(t.loosest("strict", "i")).isEqualTo(0.95);
        assertThat(t.forCost("strict", "i", 100)).isEqualTo(0.95);
        assertThat(t.loosest("x", "i")).isEqualTo(0.92);
    }

    @Test
    void anExpensiveQueryTakesASimilarEnoughAnswerThatACheapOneWouldNot() {
        createIndex("loose", 7);
        createIndex("strict", 7);
        float[] q = near(centers[1], new Random(8), 0.1);
        float[] close = rotated(q, 0.935, new Random(9));
        float[] far = rotated(q, 0.90, new Random(10));
        for (String index : new String[] {"loose", "strict"}) {
            assertThat(search(index, q).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        }
        double before = looseHits();
        SearchResponse loose = search("loose", close);
        assertThat(loose.getCacheLevel()).as("0.935 >= the loose floor 0.92").isEqualTo(CacheLevel.CACHE_LEVEL_SEMANTIC);
        assertThat((double) loose.getCacheSimilarity()).isCloseTo(0.935, within(1e-3));
        assertThat(looseHits()).isEqualTo(before + 1);
        assertThat(search("strict", close).getCacheLevel()).as("held strict by its override")
                .isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(search("loose", far).getCacheLevel()).as("0.90 is below the loose floor")
                .isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
    }

    private static double looseHits() {
        var c = node.node().metrics().registry().find("pyrope.cache.lookups")
                .tags("level", "semantic", "outcome", "loose_hit").counter();
        return c == null ? 0 : c.count();
    }

    private static void createIndex(String name, long seed) {
        node.indexes(NodeFixture.DEFAULT_KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName(name).setDimension(DIM).setMetric(Metric.COSINE).setCentroids(CLUSTERS)).build());
        Random rnd = new Random(seed);
        UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex(name);
        for (int c = 0; c < CLUSTERS; c++) {
            for (int i = 0; i < 50; i++) {
                up.addVectors(NodeFixture.vector("bg-" + c + "-" + i, near(centers[c], rnd, 0.15)));
            }
        }
        node.vectors(NodeFixture.DEFAULT_KEY).upsert(up.build());
        TenantId t = new TenantId("default");
        node.node().grid().centroids().trainIfDue(t, node.node().grid().catalog().requireActive(t, name).spec());
        assertThat(node.node().grid().catalog().centroids(t, name)).isPresent();
        try {
            Thread.sleep(1_100); // nodes re-read centroids at most once a second
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SearchResponse search(String index, float[] q) {
        SearchRequest.Builder r = SearchRequest.newBuilder().setIndex(index).setTopK(5);
        for (float f : q) {
            r.addQuery(f);
        }
        return node.vectors(NodeFixture.DEFAULT_KEY).search(r.build());
    }

    /** A vector at exactly cosine {@code cos} from {@code q}. */
    private static float[] rotated(float[] q, double cos, Random rnd) {
        float[] u = SemanticCache.unit(q);
        float[] r = gaussian(rnd);
        double dot = 0;
        for (int i = 0; i < DIM; i++) {
            dot += r[i] * u[i];
        }
        for (int i = 0; i < DIM; i++) {
            r[i] -= (float) (dot * u[i]);
        }
        float[] o = SemanticCache.unit(r);
        double sin = Math.sqrt(1 - cos * cos);
        float[] out = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            out[i] = (float) (cos * u[i] + sin * o[i]);
        }
        return out;
    }

    private static float[] near(float[] center, Random rnd, double spread) {
        float[] g = gaussian(rnd);
        float[] out = new float[DIM];
        double n = 0;
        for (float x : g) {
            n += x * x;
        }
        for (int i = 0; i < DIM; i++) {
            out[i] = (float) (center[i] + g[i] / Math.sqrt(n) * spread);
        }
        return out;
    }

    private static float[] gaussian(Random rnd) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
