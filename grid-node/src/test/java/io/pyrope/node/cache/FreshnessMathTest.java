package io.pyrope.node.cache;

import io.pyrope.domain.Metric;
import io.pyrope.shard.centroid.Centroids;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts of the freshness design: cluster reach, version bumps, TTL from heat. */
class FreshnessMathTest {

    /** Completeness of the dependency set: every point within r of q is in a cluster reachable(q, r) names. */
    @Test
    void reachableCoversEveryPointWithinTheRadius() {
        Random rnd = new Random(7);
        for (Metric metric : new Metric[] {Metric.L2, Metric.COSINE}) {
            int dim = 8;
            int k = 16;
            float[] data = new float[k * dim];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) rnd.nextGaussian();
            }
            if (metric == Metric.COSINE) {
                for (int c = 0; c < k; c++) {
                    float[] u = SemanticCache.unit(Arrays.copyOfRange(data, c * dim, (c + 1) * dim));
                    System.arraycopy(u, 0, data, c * dim, dim);
                }
            }
            ClusterMap map = new ClusterMap(3, new Centroids(3, k, dim, metric, data), metric);
            int checked = 0;
            int pruned = 0;
            for (int trial = 0; trial < 300; trial++) {
                float[] q = gaussian(rnd, dim, 1);
                double r = rnd.nextDouble() * (metric == Metric.COSINE ? 0.6 : 1.5);
                int[] reach = map.reachable(q, r);
                assertThat(reach[0]).isEqualTo(map.clusterOf(q));
                pruned += k - reach.length;
                for (int p = 0; p < 200; p++) {
                    float[] x = q.clone();
                    float[] step = gaussian(rnd, dim, rnd.nextDouble() * r);
                    for (int i = 0; i < dim; i++) {
                        x[i] += step[i];
                    }
                    if (map.distance(q, x) <= r) {
                        checked++;
                        int c = map.clusterOf(x);
                        assertThat(reach).as("%s: point at %.3f of q (r=%.3f) in cluster %d", metric,
                                map.distance(q, x), r, c).contains(c);
                    }
                }
            }
            assertThat(checked).isGreaterThan(10_000);
            // Not vacuous: the bound does leave clusters out.
            assertThat(pruned).isGreaterThan(300);
        }
    }

    @Test
    void bumpsAdvanceOnlyWhatTheWriteTouchedAndNewCentroidsStartANewEpoch() {
        VersionVector v = VersionVector.EMPTY.bumped(42, 1, 4, new int[] {2}, new int[] {5});
        assertThat(v.epoch()).isEqualTo(42);
        assertThat(v.centroidVersion()).isEqualTo(1);
        VersionVector w = v.bumped(99, 1, 4, new int[] {2, 3}, new int[] {5});
        assertThat(w.epoch()).isEqualTo(42);
        assertThat(w.cluster(2)).isEqualTo(v.cluster(2) + 1);
        assertThat(w.cluster(3)).isEqualTo(v.cluster(3) + 1);
        assertThat(w.cluster(0)).isEqualTo(v.cluster(0));
        assertThat(w.bucket(5)).isEqualTo(v.bucket(5) + 1);
        assertThat(w.total()).isEqualTo(v.total() + 1);
        // A writer with other centroids, or one that cannot say what it touched: new epoch.
        assertThat(w.bumped(7, 2, 8, new int[] {1}, new int[0]).epoch()).isNotEqualTo(w.epoch());
        assertThat(w.bumped(7, 2, 8, new int[] {1}, new int[0]).centroidVersion()).isEqualTo(2);
        assertThat(w.bumped(7, 1, 4, null, new int[0]).epoch()).isNotEqualTo(w.epoch());
        assertThat(w.bumped(7, 0, 1, new int[] {0}, new int[0]).centroidVersion()).isEqualTo(1);
    }

    @Test
    void ttlFallsSmoothlyFromMaxToMinAsHeatRises() {
        TtlPolicy p = new TtlPolicy(1_000, 301_000, 60, Map.of("t/hot", 6.0));
        assertThat(p.ttlMs("t", "i", 0)).isEqualTo(301_000);
        assertThat(p.ttlMs("t", "i", 60)).isEqualTo(151_000);
        long previous = Long.MAX_VALUE;
        for (double heat = 0; heat < 100_000; heat = heat * 1.5 + 1) {
            long ttl = p.ttlMs("t", "i", heat);
            assertThat(ttl).isLessThanOrEqualTo(previous).isBetween(1_000L, 301_000L);
            previous = ttl;
        }
        assertThat(previous).isLessThan(2_000);
        // Per-index hot threshold: the same heat is hotter for the index with the lower threshold.
        assertThat(p.ttlMs("t", "hot", 30)).isLessThan(p.ttlMs("t", "i", 30));
    }

    @Test
    void heatIsAnEwmaOfWritesPerMinute() {
        HeatValue h = new HeatValue(0, 0);
        // 10 writes a second for five minutes, flushed every second.
        for (long t = 1_000; t <= 300_000; t += 1_000) {
            h = h.plus(10, t);
        }
        assertThat(h.perMinuteAt(300_000)).isBetween(590.0, 610.0);
        assertThat(h.perMinuteAt(360_000)).isBetween(590 / Math.E - 10, 610 / Math.E + 10);
    }

    private static float[] gaussian(Random rnd, int dim, double scale) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (v[i] / Math.sqrt(n) * scale);
        }
        return v;
    }
}
