package io.pyrope.node.cache;

import io.pyrope.domain.Metric;
import io.pyrope.shard.centroid.Centroids;

/**
 * The semantic clusters of an index at one centroid version: which cluster a vector is in, and
 * which clusters a region around a query can reach. Before the index has centroids it is one
 * cluster (version 0). Immutable.
 *
 * <p>Geometry (why the dependency set is complete): for L2 the cells are the Voronoi cells of the
 * centroids; for COSINE, of the unit centroids on the unit sphere, on normalised vectors (nearest
 * by cosine = nearest by L2 between unit vectors). A point of cell C is at least as close to c_C
 * as to c_Q, so it lies in the half-space beyond the bisector of c_Q and c_C, whose distance
 * from q is h_C = (|q - c_C|² - |q - c_Q|²) / (2 |c_C - c_Q|). If h_C > r, no point within r of q
 * is in C: {@link #reachable} returns every C with h_C ≤ r (plus a rounding margin).
 */
final class ClusterMap {
    private static final double ROUNDING = 1e-4;

    private final long version;
    private final Centroids centroids;
    private final Metric metric;

    ClusterMap(long version, Centroids centroids, Metric metric) {
        this.version = version;
        this.centroids = centroids;
        this.metric = metric;
    }

    static ClusterMap single(Metric metric) {
        return new ClusterMap(0, null, metric);
    }

    long version() {
        return version;
    }

    int k() {
        return centroids == null ? 1 : centroids.k();
    }

    Metric metric() {
        return metric;
    }

    /** The cluster of a stored vector (the same rule the shard's centroid assignment uses). */
    int clusterOf(float[] v) {
        return centroids == null ? 0 : centroids.nearest(v);
    }

    /** The centroid of a cluster (needs trained centroids: version > 0). */
    float[] centroid(int cluster) {
        return centroids.centroid(cluster);
    }

    /** Whether {@link #reachable} can bound the clusters for this metric (DOT_PRODUCT: no). */
    boolean bounded() {
        return metric == Metric.L2 || metric == Metric.COSINE;
    }

    /**
     * Every cluster that has a point within distance {@code r} of {@code query} (in the metric's
     * space: raw for L2, normalised for COSINE), query cluster first. Needs {@link #bounded()}.
     */
    int[] reachable(float[] query, double r) {
        if (centroids == null) {
            return new int[] {0};
        }
        float[] q = space(query);
        int home = centroids.nearest(query);
        int k = centroids.k();
        float[] cq = centroids.centroid(home);
        double dHome = squaredDistance(q, cq);
        int[] out = new int[k];
        int n = 0;
        out[n++] = home;
        for (int c = 0; c < k; c++) {
            if (c == home) {
                continue;
            }
            float[] cc = centroids.centroid(c);
            double sep = Math.sqrt(squaredDistance(cc, cq));
            double h = sep == 0 ? 0 : (squaredDistance(q, cc) - dHome) / (2 * sep);
            if (h <= r + ROUNDING) {
                out[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Distance between two vectors in the metric's space. */
    double distance(float[] a, float[] b) {
        return Math.sqrt(squaredDistance(space(a), space(b)));
    }

    private float[] space(float[] v) {
        if (metric != Metric.COSINE) {
            return v;
        }
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double acc = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            acc += d * d;
        }
        return acc;
    }
}
