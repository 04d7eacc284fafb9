package io.pyrope.shard.centroid;

import io.pyrope.domain.Metric;
import io.pyrope.shard.testing.VectorData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CentroidsTest {
    private final CentroidTrainer trainer = new CentroidTrainer();

    @Test
    void separatedClustersGetOneCentroidEach() {
        float[][] centres = {{10, 0, 0}, {0, 10, 0}, {0, 0, 10}};
        List<float[]> sample = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 300; i++) {
            float[] c = centres[i % 3];
            sample.add(new float[] {c[0] + (float) rnd.nextGaussian(), c[1] + (float) rnd.nextGaussian(), c[2] + (float) rnd.nextGaussian()});
        }
        Centroids cs = trainer.train(sample, 3, Metric.L2, 7);
        assertThat(cs.k()).isEqualTo(3);
        assertThat(cs.version()).isEqualTo(7);
        Set<Integer> assigned = new HashSet<>();
        for (float[] c : centres) {
            int n = cs.nearest(c);
            assigned.add(n);
            float[] centroid = cs.centroid(n);
            assertThat(VectorData.score(Metric.L2, c, centroid)).isGreaterThan(0.1f); // within ~3 of the true centre
        }
        assertThat(assigned).hasSize(3);
        int first = cs.nearest(centres[0]);
        assertThat(cs.nearest(centres[0], 2)).hasSize(2).startsWith(first);
        assertThat(cs.nearest(centres[0], 10)).hasSize(3);
    }

    @Test
    void cosineCentroidsAreUnitAndIgnoreQueryNorm() {
        List<float[]> sample = new VectorData(8, 16, 0.2f, 5).next(400);
        Centroids cs = trainer.train(sample, 8, Metric.COSINE, 1);
        for (int i = 0; i < cs.k(); i++) {
            double n = 0;
            for (float x : cs.centroid(i)) {
                n += x * x;
            }
            assertThat(n).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        float[] q = sample.get(0);
        float[] scaled = q.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 40;
        }
        assertThat(cs.nearest(scaled)).isEqualTo(cs.nearest(q));
    }

    @Test
    void aSampleSmallerThanKTrainsOneCentroidPerVector() {
        List<float[]> sample = List.of(new float[] {1, 0}, new float[] {0, 1});
        Centroids cs = trainer.train(sample, 64, Metric.DOT_PRODUCT, 2);
        assertThat(cs.k()).isEqualTo(2);
        assertThat(cs.nearest(new float[] {5, 1})).isZero();
        assertThat(cs.nearest(new float[] {1, 5})).isEqualTo(1);
        assertThat(cs.data()).containsExactly(1, 0, 0, 1);
        assertThatThrownBy(() -> trainer.train(List.of(), 4, Metric.L2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cs.nearest(new float[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
