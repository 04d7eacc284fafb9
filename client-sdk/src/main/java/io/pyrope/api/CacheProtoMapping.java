package io.pyrope.api;

import com.google.protobuf.ByteString;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CacheLookupResponse;
import io.pyrope.api.v1.CacheStatsResponse;
import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.LlmCacheHit;
import io.pyrope.domain.LlmCacheStats;
import io.pyrope.domain.MetadataFilter;

import java.util.Optional;

/** Proto ↔ domain for the LLM-response cache (CacheService). */
public final class CacheProtoMapping {
    private CacheProtoMapping() {
    }

    public static CacheEntry toProto(LlmCacheEntry e) {
        CacheEntry.Builder b = CacheEntry.newBuilder().setResponse(ByteString.copyFrom(e.response()))
                .putAllMetadata(e.metadata()).setTtlSeconds((int) Math.min(Integer.MAX_VALUE, e.ttl().toSeconds()))
                .setText(e.text());
        for (float f : e.embedding()) {
            b.addEmbedding(f);
        }
        return b.build();
    }

    public static CacheLookupRequest lookup(String namespace, float[] embedding, float threshold, MetadataFilter filter) {
        CacheLookupRequest.Builder b = CacheLookupRequest.newBuilder().setNamespace(namespace).setThreshold(threshold)
                .setFilter(io.pyrope.api.v1.MetadataFilter.newBuilder().putAllMustEqual(filter.mustEqual()));
        for (float f : embedding) {
            b.addEmbedding(f);
        }
        return b.build();
    }

    public static CacheLookupRequest lookupText(String namespace, String text, float threshold, MetadataFilter filter) {
        return CacheLookupRequest.newBuilder().setNamespace(namespace).setThreshold(threshold).setText(text)
                .setFilter(io.pyrope.api.v1.MetadataFilter.newBuilder().putAllMustEqual(filter.mustEqual())).build();
    }

    public static Optional<LlmCacheHit> toDomain(CacheLookupResponse r) {
        return r.getHit()
                ? Optional.of(new LlmCacheHit(r.getResponse().toByteArray(), r.getMetadataMap(), r.getSimilarity()))
                : Optional.empty();
    }

    public static LlmCacheStats toDomain(CacheStatsResponse r) {
        return new LlmCacheStats(r.getHits(), r.getMisses(), r.getHitRate(), r.getEntries(), r.getLookupP50Micros(),
                r.getLookupP99Micros());
    }
}
