package io.pyrope.domain;

import java.util.Arrays;

/**
 * A nearest-neighbour query against one index. {@code ef == 0} means the default effort, which
 * each graph segment resolves by its size ({@link SearchEffort}); {@link #effectiveEf()} is the
 * requested ef, or the smallest default, never below topK. {@code nprobe} is the effort of an IVF
 * index (lists scanned), 0 = the index's default; ef applies to HNSW indexes only and nprobe to
 * IVF indexes only (the other must stay 0).
 */
public record SearchQuery(float[] vector, int topK, int ef, MetadataFilter filter,
                          boolean includeMetadata, boolean includeVectors, int nprobe) {

    public SearchQuery {
        vector = vector == null ? new float[0] : vector.clone();
        filter = filter == null ? MetadataFilter.NONE : filter;
    }

    /** A query with the index's default nprobe. */
    public SearchQuery(float[] vector, int topK, int ef, MetadataFilter filter,
                       boolean includeMetadata, boolean includeVectors) {
        this(vector, topK, ef, filter, includeMetadata, includeVectors, 0);
    }

    public static SearchQuery of(float[] vector, int topK) {
        return new SearchQuery(vector, topK, 0, MetadataFilter.NONE, false, false);
    }

    /** The effort to use: ef if set, never below topK. */
    public int effectiveEf() {
        int base = ef == 0 ? Math.max(topK, Limits.DEFAULT_EF) : ef;
        return Math.max(base, topK);
    }

    public SearchQuery withEf(int newEf) {
        return new SearchQuery(vector, topK, newEf, filter, includeMetadata, includeVectors, nprobe);
    }

    public SearchQuery withNprobe(int newNprobe) {
        return new SearchQuery(vector, topK, ef, filter, includeMetadata, includeVectors, newNprobe);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchQuery q && topK == q.topK && ef == q.ef && nprobe == q.nprobe && includeMetadata == q.includeMetadata
                && includeVectors == q.includeVectors && Arrays.equals(vector, q.vector) && filter.equals(q.filter);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector) * 31 + topK * 7 + ef + nprobe * 131 + filter.hashCode();
    }

    @Override
    public String toString() {
        return "SearchQuery[dim=" + vector.length + ", topK=" + topK + ", ef=" + ef + ", nprobe=" + nprobe + ", filter=" + filter.mustEqual() + "]";
    }
}
