package io.pyrope.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * User sessions browsing a vector space of semantic clusters with KNOWN transitions, for
 * measuring prefetch. {@code clusters} unit-length random centers; a stored vector is its
 * center plus Gaussian noise of norm {@code spread}. Each cluster c has one likely successor
 * (a random cycle through all clusters, so no cluster is its own): a session in c moves there
 * with probability {@code pNext}, else to one of the other clusters uniformly. A session's query
 * is its cluster's center plus noise of norm {@code noise}: cosine ≈ 1 / sqrt(1 + noise²) to the
 * center (0.989 at 0.15), so a result cached for the cluster's centroid (or for another query
 * of the cluster) answers it under a 0.95 semantic threshold. Deterministic for a seed.
 */
public final class SessionWorkload {
    private final int dim;
    private final double spread;
    private final double noise;
    private final double pNext;
    private final float[][] centers;
    private final int[] successor;

    public SessionWorkload(int dim, int clusters, double spread, double noise, double pNext, long seed) {
        if (clusters < 2 || dim < 2 || !(pNext >= 0 && pNext <= 1)) {
            throw new IllegalArgumentException("need clusters >= 2, dim >= 2 and 0 <= pNext <= 1");
        }
        this.dim = dim;
        this.spread = spread;
        this.noise = noise;
        this.pNext = pNext;
        Random rnd = new Random(seed);
        this.centers = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centers[c] = VectorNoise.gaussian(rnd, dim, 1.0);
        }
        List<Integer> cycle = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            cycle.add(c);
        }
        Collections.shuffle(cycle, rnd);
        this.successor = new int[clusters];
        for (int i = 0; i < clusters; i++) {
            successor[cycle.get(i)] = cycle.get((i + 1) % clusters);
        }
    }

    public int clusters() {
        return centers.length;
    }

    public int dim() {
        return dim;
    }

    public float[] center(int c) {
        return centers[c].clone();
    }

    /** The likely next cluster after {@code c}. */
    public int successor(int c) {
        return successor[c];
    }

    /** P(to | from) of the known transition matrix. */
    public double probability(int from, int to) {
        if (from == to) {
            return 0;
        }
        double other = (1 - pNext) / (clusters() - 1);
        return to == successor[from] ? pNext + other : other;
    }

    /** A session's next cluster after {@code c}. */
    public int next(int c, Random rnd) {
        if (rnd.nextDouble() < pNext) {
            return successor[c];
        }
        int o = rnd.nextInt(clusters() - 1);
        return o >= c ? o + 1 : o;
    }

    /** A stored vector of cluster {@code c}. */
    public float[] point(int c, Random rnd) {
        return VectorNoise.add(centers[c], VectorNoise.gaussian(rnd, dim, spread));
    }

    /** A session's query in cluster {@code c}. */
    public float[] query(int c, Random rnd) {
        return VectorNoise.add(centers[c], VectorNoise.gaussian(rnd, dim, noise));
    }
}
