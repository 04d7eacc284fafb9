package io.pyrope.domain;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Input checks shared by every transport. Each throws INVALID_ARGUMENT with an actionable message. */
public final class Validation {
    private Validation() {
    }

    public static void validateId(String id) {
        if (id == null || id.isEmpty()) {
            throw PyropeException.invalid("vector id must not be empty");
        }
        int bytes = utf8Length(id);
        if (bytes > Limits.MAX_ID_BYTES) {
            throw PyropeException.invalid("vector id is " + bytes + " bytes of UTF-8; the limit is " + Limits.MAX_ID_BYTES);
        }
    }

    public static void validateValues(String what, float[] values, int dimension) {
        if (values.length == 0) {
            throw PyropeException.invalid(what + " is empty; the index has dimension " + dimension);
        }
        if (values.length != dimension) {
            throw PyropeException.invalid(what + " has dimension " + values.length + "; the index has dimension " + dimension);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw PyropeException.invalid(what + " has a non-finite value (" + values[i] + ") at position " + i);
            }
        }
    }

    public static void validateMetadata(String id, Map<String, String> metadata) {
        if (metadata.size() > Limits.MAX_METADATA_ENTRIES) {
            throw PyropeException.invalid("vector '" + id + "' has " + metadata.size()
                    + " metadata entries; the limit is " + Limits.MAX_METADATA_ENTRIES);
        }
        int bytes = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw PyropeException.invalid("vector '" + id + "' has an empty metadata key");
            }
            bytes += utf8Length(e.getKey()) + utf8Length(e.getValue());
        }
        if (bytes > Limits.MAX_METADATA_BYTES) {
            throw PyropeException.invalid("vector '" + id + "' has " + bytes + " bytes of metadata; the limit is "
                    + Limits.MAX_METADATA_BYTES);
        }
    }

    /** Checks a whole batch before anything is written, so a bad vector rejects the batch. */
    public static void validateUpsert(IndexSpec spec, List<VectorRecord> vectors) {
        validateBatchSize("upsert", vectors);
        for (VectorRecord v : vectors) {
            validateId(v.id());
            validateValues("vector '" + v.id() + "'", v.values(), spec.dimension());
            if (spec.metric() == Metric.COSINE && isZero(v.values())) {
                throw PyropeException.invalid("vector '" + v.id() + "' is all zeros; cosine similarity is undefined for it");
            }
            validateMetadata(v.id(), v.metadata());
        }
    }

    public static void validateIds(String op, List<String> ids) {
        validateBatchSize(op, ids);
        for (String id : ids) {
            validateId(id);
        }
    }

    public static void validateBatchSize(String op, Collection<?> items) {
        if (items.isEmpty()) {
            throw PyropeException.invalid(op + " needs at least one item");
        }
        if (items.size() > Limits.MAX_BATCH) {
            throw PyropeException.invalid(op + " has " + items.size() + " items; the limit is " + Limits.MAX_BATCH
                    + " per request (use UpsertStream for bulk loads)");
        }
    }

    public static void validateSearch(IndexSpec spec, SearchQuery query) {
        if (query.topK() < 1 || query.topK() > Limits.MAX_TOP_K) {
            throw PyropeException.invalid("top_k must be 1.." + Limits.MAX_TOP_K + ", got " + query.topK());
        }
        if (query.ef() < 0 || query.ef() > Limits.MAX_EF) {
            throw PyropeException.invalid("ef must be 0 (default) or up to " + Limits.MAX_EF + ", got " + query.ef());
        }
        validateEffort(spec, query);
        validateValues("query vector", query.vector(), spec.dimension());
        if (spec.metric() == Metric.COSINE && isZero(query.vector())) {
            throw PyropeException.invalid("query vector is all zeros; cosine similarity is undefined for it");
        }
    }

    /** ef is the effort of a graph, nprobe of IVF lists: the one that does not apply must stay 0. */
    private static void validateEffort(IndexSpec spec, SearchQuery query) {
        if (spec.isIvf()) {
            if (query.ef() != 0) {
                throw PyropeException.invalid("ef applies to HNSW indexes; index '" + spec.name()
                        + "' is IVF: leave ef 0 and set nprobe (1.." + spec.centroids() + ") instead, got ef=" + query.ef());
            }
            if (query.nprobe() < 0 || query.nprobe() > spec.centroids()) {
                throw PyropeException.invalid("nprobe must be 0 (the index default, " + spec.nprobe() + ") or 1.."
                        + spec.centroids() + " (the number of IVF lists of index '" + spec.name() + "'), got "
                        + Integer.toUnsignedString(query.nprobe()));
            }
        } else if (query.nprobe() != 0) {
            throw PyropeException.invalid("nprobe applies to IVF indexes; index '" + spec.name()
                    + "' is HNSW: leave nprobe 0 and set ef instead, got nprobe=" + Integer.toUnsignedString(query.nprobe()));
        }
    }

    public static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    public static int utf8Length(String s) {
        int n = s.length();
        // Fast path: ASCII is one byte per char.
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }
}
