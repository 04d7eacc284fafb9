package io.pyrope.shard.testing;

import io.pyrope.domain.Metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Seeded synthetic data for shard tests: Gaussian clusters, plus an independent brute-force oracle. */
public final class VectorData {
    private final float[][] centers;
    private final float spread;
    private final Random rnd;

    /** {@code clusters} Gaussian centres N(0, 1) per dimension; points scatter by N(0, spread). */
    public VectorData(int clusters, int dimension, float spread, long seed) {
        this.rnd = new Random(seed);
        this.spread = spread;
        this.centers = new float[clusters][dimension];
        for (float[] c : centers) {
            for (int i = 0; i < dimension; i++) {
                c[i] = (float) rnd.nextGaussian();
            }
        }
    }

    public float[] next() {
        float[] c = centers[rnd.nextInt(centers.length)];
        float[] v = new float[c.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = c[i] + (float) (rnd.nextGaussian() * spread);
        }
        return v;
    }

    public List<float[]> next(int n) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** The exact user-facing score, written out independently of the engine. */
    public static float score(Metric metric, float[] q, float[] v) {
        double dot = 0;
        double qq = 0;
        double vv = 0;
        double l2 = 0;
        for (int i = 0; i < q.length; i++) {
            dot += (double) q[i] * v[i];
            qq += (double) q[i] * q[i];
            vv += (double) v[i] * v[i];
            double d = q[i] - v[i];
            l2 += d * d;
        }
        return switch (metric) {
            case COSINE -> (float) (dot / Math.sqrt(qq * vv));
            case DOT_PRODUCT -> (float) dot;
            case L2 -> (float) (1 / (1 + l2));
        };
    }

    /** Indexes of the k best vectors for {@code q}, best first. */
    public static int[] topK(Metric metric, List<float[]> data, float[] q, int k) {
        float[] s = new float[data.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = score(metric, q, data.get(i));
        }
        return IntStream.range(0, s.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -s[i]))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    public static float[] copy(float[] v) {
        return Arrays.copyOf(v, v.length);
    }
}
