package io.pyrope.node.cache;

import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchResult;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A cached search result with everything needed to decide at lookup whether it is still fresh:
 * the epoch, centroid version and versions (read BEFORE the search ran) of the clusters and id
 * buckets it depends on, and its expiry. Immutable. Stored in Ignite as bytes of its own compact
 * encoding ({@link #writeTo}, {@link CachedResultCodec}): in a profile of cache misses, Ignite's
 * binary marshalling of the nested objects (a hash of each nested object's bytes, fields written
 * through reflection) was the largest part of what a miss cost beyond its search.
 */
final class CachedResult {
    private final CachedHit[] hits;
    private final int efUsed;
    private final int shardsSearched;
    private final long distanceComputations;
    private final float[] query;
    private final long epoch;
    private final long centroidVersion;
    private final boolean onAll;
    private final long total;
    private final int[] clusters;
    private final long[] clusterVersions;
    private final int exactCount;
    private final int[] buckets;
    private final long[] bucketVersions;
    private final long expiresAtMs;

    CachedResult(SearchResult result, float[] query, VersionVector seen, long centroidVersion, Dependencies deps,
                 long expiresAtMs) {
        this.hits = new CachedHit[result.hits().size()];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = CachedHit.of(result.hits().get(i));
        }
        this.efUsed = result.efUsed();
        this.shardsSearched = result.shardsSearched();
        this.distanceComputations = result.distanceComputations();
        this.query = query.clone();
        this.epoch = seen.epoch();
        this.centroidVersion = centroidVersion;
        this.onAll = deps.onAll();
        this.total = seen.total();
        this.clusters = deps.clusters();
        this.clusterVersions = new long[clusters.length];
        for (int i = 0; i < clusters.length; i++) {
            clusterVersions[i] = seen.cluster(clusters[i]);
        }
        this.exactCount = deps.exactCount();
        this.buckets = deps.buckets();
        this.bucketVersions = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bucketVersions[i] = seen.bucket(buckets[i]);
        }
        this.expiresAtMs = expiresAtMs;
    }

    private CachedResult(CachedHit[] hits, int efUsed, int shardsSearched, long distanceComputations, float[] query,
                         long epoch, long centroidVersion, boolean onAll, long total, int[] clusters,
                         long[] clusterVersions, int exactCount, int[] buckets, long[] bucketVersions, long expiresAtMs) {
        this.hits = hits;
        this.efUsed = efUsed;
        this.shardsSearched = shardsSearched;
        this.distanceComputations = distanceComputations;
        this.query = query;
        this.epoch = epoch;
        this.centroidVersion = centroidVersion;
        this.onAll = onAll;
        this.total = total;
        this.clusters = clusters;
        this.clusterVersions = clusterVersions;
        this.exactCount = exactCount;
        this.buckets = buckets;
        this.bucketVersions = bucketVersions;
        this.expiresAtMs = expiresAtMs;
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeShort(hits.length);
        for (CachedHit h : hits) {
            h.writeTo(out);
        }
        out.writeInt(efUsed);
        out.writeInt(shardsSearched);
        out.writeLong(distanceComputations);
        writeFloats(out, query);
        out.writeLong(epoch);
        out.writeLong(centroidVersion);
        out.writeBoolean(onAll);
        out.writeLong(total);
        writeInts(out, clusters);
        writeLongs(out, clusterVersions);
        out.writeInt(exactCount);
        writeInts(out, buckets);
        writeLongs(out, bucketVersions);
        out.writeLong(expiresAtMs);
    }

    static CachedResult readFrom(DataInputStream in) throws IOException {
        CachedHit[] hits = new CachedHit[in.readUnsignedShort()];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = CachedHit.readFrom(in);
        }
        return new CachedResult(hits, in.readInt(), in.readInt(), in.readLong(), readFloats(in), in.readLong(),
                in.readLong(), in.readBoolean(), in.readLong(), readInts(in), readLongs(in), in.readInt(), readInts(in),
                readLongs(in), in.readLong());
    }

    static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    static float[] readFloats(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static void writeInts(DataOutputStream out, int[] v) throws IOException {
        out.writeInt(v.length);
        for (int x : v) {
            out.writeInt(x);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] v = new int[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readInt();
        }
        return v;
    }

    private static void writeLongs(DataOutputStream out, long[] v) throws IOException {
        out.writeInt(v.length);
        for (long x : v) {
            out.writeLong(x);
        }
    }

    private static long[] readLongs(DataInputStream in) throws IOException {
        long[] v = new long[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        return v;
    }

    /**
     * Fresh: not expired, and no write bumped anything it depends on since its search started.
     * {@code semantic} also checks the wider set of clusters a similar query may reach.
     */
    boolean freshAt(VersionVector now, long nowMs, boolean semantic) {
        if (nowMs >= expiresAtMs || now.epoch() != epoch) {
            return false;
        }
        if (now.isEmpty()) {
            return true;
        }
        if (now.centroidVersion() != centroidVersion || (onAll && now.total() != total)) {
            return false;
        }
        int n = semantic ? clusters.length : exactCount;
        for (int i = 0; i < n; i++) {
            if (now.cluster(clusters[i]) != clusterVersions[i]) {
                return false;
            }
        }
        for (int i = 0; i < buckets.length; i++) {
            if (now.bucket(buckets[i]) != bucketVersions[i]) {
                return false;
            }
        }
        return true;
    }

    SearchResult toResult() {
        List<SearchHit> out = new ArrayList<>(hits.length);
        for (CachedHit h : hits) {
            out.add(h.toHit());
        }
        return new SearchResult(out, efUsed, false, shardsSearched, distanceComputations);
    }

    float[] query() {
        return query;
    }

    long expiresAtMs() {
        return expiresAtMs;
    }

    /** A rough heap size, for the near cache's weigher. */
    int weight() {
        int w = 200 + query.length * 4 + (clusters.length + buckets.length) * 12;
        for (CachedHit h : hits) {
            w += h.weight();
        }
        return w;
    }
}
