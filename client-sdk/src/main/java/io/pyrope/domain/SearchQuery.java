package io.pyrope.domain;

import java.util.Arrays;

/**
 * A nearest-neighbour query against one index. {@code ef == 0} means the default effort, which
 * each graph segment resolves by its size ({@link SearchEffort}); {@link #effectiveEf()} is the
 * requested ef, or the smallest default, never below topK.
 */
public record SearchQuery(float[] vector, int topK, int ef, MetadataFilter filter,
                          boolean includeMetadata, boolean includeVectors) {

    public SearchQuery {
        vector = vector == null ? new float[0] : vector.clone();
        filter = filter == null ? MetadataFilter.NONE : filter;
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
        return new SearchQuery(vector, topK, newEf, filter, includeMetadata, includeVectors);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchQuery q && topK == q.topK && ef == q.ef && includeMetadata == q.includeMetadata
                && includeVectors == q.includeVectors && Arrays.equals(vector, q.vector) && filter.equals(q.filter);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector) * 31 + topK * 7 + ef + filter.hashCode();
    }

    @Override
    public String toString() {
        return "SearchQuery[dim=" + vector.length + ", topK=" + topK + ", ef=" + ef + ", filter=" + filter.mustEqual() + "]";
    }
}
