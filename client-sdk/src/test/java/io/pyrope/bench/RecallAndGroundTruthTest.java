package io.pyrope.bench;

import io.pyrope.client.Similarity;
import io.pyrope.domain.Metric;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecallAndGroundTruthTest {

    @Test
    void recallCountsOverlapInTopK() {
        int[][] truth = {{1, 2, 3}, {4, 5, 6}};
        int[][] found = {{3, 2, 1}, {4, 9, 8}};
        assertThat(Recall.atK(truth, found, 3)).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(Recall.atK(truth, new int[][]{{1, 2, 3}, null}, 3)).isCloseTo(0.5, within(1e-12));
        // Only the first k of a longer answer count, and duplicates count once.
        assertThat(Recall.atK(new int[][]{{1, 2}}, new int[][]{{1, 1, 2}}, 2)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void groundTruthMatchesNaiveSortForEveryMetric() {
        ClusteredVectors g = new ClusteredVectors(3, 8, 4, 0.5f);
        float[][] base = g.baseVectors(5000, 2);  // more than one chunk
        float[][] queries = g.queries(13);
        for (Metric metric : Metric.values()) {
            int[][] truth = GroundTruth.compute(base, queries, 10, metric, 3);
            for (int q = 0; q < queries.length; q++) {
                float[] query = queries[q];
                int[] naive = IntStream.range(0, base.length).boxed()
                        .sorted(Comparator.comparingDouble(i -> -Similarity.score(metric, query, base[i])))
                        .limit(10).mapToInt(Integer::intValue).toArray();
                // Compare as sets of scores: float ties may order differently.
                assertThat(Recall.atK(new int[][]{naive}, new int[][]{truth[q]}, 10)).as(metric + " q" + q).isEqualTo(1.0);
            }
        }
    }

    @Test
    void topKKeepsTheBestSortedBestFirst() {
        TopK top = new TopK(3);
        float[] scores = {0.1f, 0.9f, 0.5f, 0.7f, 0.3f, 0.95f};
        for (int i = 0; i < scores.length; i++) {
            top.offer(i, scores[i]);
        }
        assertThat(top.sortedIds()).containsExactly(5, 1, 3);
        assertThat(top.threshold()).isEqualTo(0.7f);
        assertThat(new TopK(2).sortedIds()).isEmpty();
        assertThat(Arrays.stream(new int[0]).count()).isZero();
    }
}
