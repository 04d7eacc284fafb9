package io.pyrope.bench;

import io.pyrope.client.Similarity;

import io.pyrope.domain.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact k nearest neighbours by brute force. Queries are split across threads; each thread walks
 * the base in chunks that stay in cache while all its queries scan them, so 1M × 128 base
 * vectors are read from memory once per thread, not once per query.
 */
final class GroundTruth {
    private static final int CHUNK = 2048;

    private GroundTruth() {
    }

    /** For each query, the ordinals of its k best base vectors under the metric, best first. */
    static int[][] compute(float[][] base, float[][] queries, int k, Metric metric, int threads) {
        float[] inverseNorms = metric == Metric.COSINE ? inverseNorms(base) : null;
        int[][] out = new int[queries.length][];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            int per = Math.max(1, (queries.length + threads - 1) / threads);
            for (int from = 0; from < queries.length; from += per) {
                int start = from;
                int end = Math.min(queries.length, from + per);
                parts.add(pool.submit(() -> scan(base, queries, start, end, k, metric, inverseNorms, out)));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("ground truth failed", e);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static void scan(float[][] base, float[][] queries, int from, int to, int k, Metric metric,
                             float[] inverseNorms, int[][] out) {
        TopK[] best = new TopK[to - from];
        for (int q = from; q < to; q++) {
            best[q - from] = new TopK(k);
        }
        for (int chunk = 0; chunk < base.length; chunk += CHUNK) {
            int chunkEnd = Math.min(base.length, chunk + CHUNK);
            for (int q = from; q < to; q++) {
                float[] query = queries[q];
                TopK top = best[q - from];
                for (int i = chunk; i < chunkEnd; i++) {
                    // Rank-equivalent scores: cosine's query norm is constant per query, L2's
                    // 1/(1+d) is monotone in -d.
                    float s = switch (metric) {
                        case COSINE -> Similarity.dot(query, base[i]) * inverseNorms[i];
                        case DOT_PRODUCT -> Similarity.dot(query, base[i]);
                        case L2 -> -Similarity.squaredDistance(query, base[i]);
                    };
                    if (s > top.threshold()) {
                        top.offer(i, s);
                    }
                }
            }
        }
        for (int q = from; q < to; q++) {
            out[q] = best[q - from].sortedIds();
        }
    }

    private static float[] inverseNorms(float[][] base) {
        float[] out = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            out[i] = (float) (1.0 / Math.sqrt(Similarity.dot(base[i], base[i])));
        }
        return out;
    }


}
