package io.pyrope.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusteredVectorsTest {

    @Test
    void sameSeedSameVectorsInAnyOrderAndThreadCount() {
        ClusteredVectors a = new ClusteredVectors(7, 16, 10, 0.25f);
        ClusteredVectors b = new ClusteredVectors(7, 16, 10, 0.25f);
        float[][] parallel = a.baseVectors(500, 3);
        float[][] serial = b.baseVectors(500, 1);
        assertThat(parallel).isDeepEqualTo(serial);
        assertThat(b.base(321)).containsExactly(parallel[321]);
        assertThat(a.queries(20)).isDeepEqualTo(b.queries(20));
    }

    @Test
    void differentSeedsAndStreamsDiffer() {
        ClusteredVectors a = new ClusteredVectors(7, 16, 10, 0.25f);
        ClusteredVectors c = new ClusteredVectors(8, 16, 10, 0.25f);
        assertThat(a.base(0)).isNotEqualTo(c.base(0));
        assertThat(a.base(0)).isNotEqualTo(a.query(0));
        assertThat(a.base(0)).isNotEqualTo(a.base(1));
    }

    @Test
    void pointsAreClustered() {
        // With spread 0.1 every point lies far closer to some other point of its cluster than
        // unrelated N(0,1) vectors would: nearest-neighbour distance ≪ typical distance.
        ClusteredVectors g = new ClusteredVectors(1, 32, 5, 0.1f);
        float[][] v = g.baseVectors(200, 2);
        double nearest = Double.MAX_VALUE;
        double farthest = 0;
        for (int j = 1; j < v.length; j++) {
            double d = 0;
            for (int i = 0; i < 32; i++) {
                double x = v[0][i] - v[j][i];
                d += x * x;
            }
            nearest = Math.min(nearest, d);
            farthest = Math.max(farthest, d);
        }
        assertThat(nearest * 20).isLessThan(farthest);
        assertThat(v[0]).hasSize(32);
    }
}
