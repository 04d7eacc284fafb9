package io.pyrope.api;

import io.pyrope.api.v1.CentroidInfo;
import io.pyrope.api.v1.EffortReason;
import io.pyrope.api.v1.IndexDescription;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchHit;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.Vector;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.IndexType;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchCharge;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchOutcome;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.VectorRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Conversions between the public wire types ({@code pyrope.v1}) and the domain model. The only
 * place, besides the transports themselves, where generated protobuf types meet domain types.
 */
public final class ProtoMapping {
    private ProtoMapping() {
    }

    public static io.pyrope.domain.Metric toDomain(Metric metric) {
        return switch (metric) {
            case COSINE -> io.pyrope.domain.Metric.COSINE;
            case L2 -> io.pyrope.domain.Metric.L2;
            case DOT_PRODUCT -> io.pyrope.domain.Metric.DOT_PRODUCT;
            case METRIC_UNSPECIFIED, UNRECOGNIZED ->
                    throw PyropeException.invalid("metric must be COSINE, L2 or DOT_PRODUCT");
        };
    }

    public static Metric toProto(io.pyrope.domain.Metric metric) {
        return switch (metric) {
            case COSINE -> Metric.COSINE;
            case L2 -> Metric.L2;
            case DOT_PRODUCT -> Metric.DOT_PRODUCT;
        };
    }

    public static IndexSpec toDomain(io.pyrope.api.v1.IndexSpec spec) {
        return new IndexSpec(spec.getName(), clampToInt(spec.getDimension()), toDomain(spec.getMetric()),
                clampToInt(spec.getM()), clampToInt(spec.getBeamWidth()), clampToInt(spec.getCentroids()),
                toDomain(spec.getType()), clampToInt(spec.getNprobe()), spec.getEmbeddingModel());
    }

    public static IndexType toDomain(io.pyrope.api.v1.IndexType type) {
        return switch (type) {
            case INDEX_TYPE_UNSPECIFIED, HNSW -> IndexType.HNSW;
            case IVF -> IndexType.IVF;
            case UNRECOGNIZED -> throw PyropeException.invalid("index type must be HNSW or IVF");
        };
    }

    public static io.pyrope.api.v1.IndexType toProto(IndexType type) {
        return switch (type) {
            case HNSW -> io.pyrope.api.v1.IndexType.HNSW;
            case IVF -> io.pyrope.api.v1.IndexType.IVF;
        };
    }

    public static io.pyrope.api.v1.IndexSpec toProto(IndexSpec spec) {
        return io.pyrope.api.v1.IndexSpec.newBuilder()
                .setName(spec.name())
                .setDimension(spec.dimension())
                .setMetric(toProto(spec.metric()))
                .setM(spec.m())
                .setBeamWidth(spec.beamWidth())
                .setCentroids(spec.centroids())
                .setEmbeddingModel(spec.embeddingModel())
                .setType(toProto(spec.type()))
                .setNprobe(spec.nprobe())
                .build();
    }

    public static IndexDescription toProto(IndexInfo info) {
        return IndexDescription.newBuilder()
                .setSpec(toProto(info.spec()))
                .setVectorCount(info.vectorCount())
                .setCentroids(CentroidInfo.newBuilder()
                        .setK(info.centroids().k())
                        .setTrained(info.centroids().trained())
                        .setVersion(info.centroids().version())
                        .setTrainedOnVectors(info.centroids().trainedOnVectors()))
                .setCreatedAtMs(info.createdAtMs())
                .build();
    }

    public static IndexInfo toDomain(IndexDescription d) {
        CentroidInfo c = d.getCentroids();
        return new IndexInfo(toDomain(d.getSpec()), d.getVectorCount(),
                new io.pyrope.domain.CentroidInfo(c.getK(), c.getTrained(), c.getVersion(), c.getTrainedOnVectors()),
                d.getCreatedAtMs());
    }

    public static VectorRecord toDomain(Vector v) {
        return new VectorRecord(v.getId(), toArray(v.getValuesList()), v.getMetadataMap());
    }

    public static List<VectorRecord> toDomainVectors(List<Vector> vectors) {
        List<VectorRecord> out = new ArrayList<>(vectors.size());
        for (Vector v : vectors) {
            out.add(toDomain(v));
        }
        return out;
    }

    public static Vector toProto(VectorRecord v, boolean includeValues) {
        Vector.Builder b = Vector.newBuilder().setId(v.id()).putAllMetadata(v.metadata());
        if (includeValues) {
            for (float f : v.values()) {
                b.addValues(f);
            }
        }
        return b.build();
    }

    public static SearchQuery toDomain(SearchRequest r) {
        MetadataFilter filter = r.hasFilter() ? new MetadataFilter(r.getFilter().getMustEqualMap()) : MetadataFilter.NONE;
        return new SearchQuery(toArray(r.getQueryList()), clampToInt(r.getTopK()), clampToInt(r.getEf()), filter,
                r.getIncludeMetadata(), r.getIncludeVectors(), clampToInt(r.getNprobe()));
    }

    public static SearchRequest toProto(String index, SearchQuery q) {
        SearchRequest.Builder b = SearchRequest.newBuilder()
                .setIndex(index)
                .setTopK(q.topK())
                .setEf(q.ef())
                .setNprobe(q.nprobe())
                .setIncludeMetadata(q.includeMetadata())
                .setIncludeVectors(q.includeVectors());
        for (float f : q.vector()) {
            b.addQuery(f);
        }
        if (!q.filter().isEmpty()) {
            b.setFilter(io.pyrope.api.v1.MetadataFilter.newBuilder().putAllMustEqual(q.filter().mustEqual()));
        }
        return b.build();
    }

    /** A text upsert: the node fills in the vector. */
    public static Vector toProto(io.pyrope.domain.TextRecord t) {
        return Vector.newBuilder().setId(t.id()).setText(t.text()).putAllMetadata(t.metadata()).build();
    }

    /** A text search: the node embeds the text, then searches as for a vector. */
    public static SearchRequest toProto(String index, io.pyrope.domain.TextQuery q) {
        SearchRequest.Builder b = SearchRequest.newBuilder()
                .setIndex(index)
                .setText(q.text())
                .setTopK(q.topK())
                .setEf(q.ef())
                .setIncludeMetadata(q.includeMetadata())
                .setIncludeVectors(q.includeVectors());
        if (!q.filter().isEmpty()) {
            b.setFilter(io.pyrope.api.v1.MetadataFilter.newBuilder().putAllMustEqual(q.filter().mustEqual()));
        }
        return b.build();
    }

    public static SearchResponse toProto(SearchResult r) {
        SearchResponse.Builder b = SearchResponse.newBuilder()
                .setEfUsed(r.efUsed())
                .setPartial(r.partial())
                .setShardsSearched(r.shardsSearched())
                .setDistanceComputations(r.distanceComputations())
                .setWork(r.work())
                .setNprobeUsed(r.nprobeUsed());
        if (r.partial()) {
            b.setUnsearchedPartitions(r.unsearchedPartitions()).setPartialReason(partialReason(r.unsearchedPartitions()));
        }
        SearchCharge c = r.charge();
        b.setEfRequested(c.efRequested())
                .setNprobeRequested(c.nprobeRequested())
                .setEffortScale(c.effortScale())
                .setEffortReason(EffortReason.forNumber(c.reason().ordinal()))
                .setCost(c.cost())
                .setEstimatedCost(c.estimatedCost());
        for (io.pyrope.domain.SearchHit h : r.hits()) {
            SearchHit.Builder hb = SearchHit.newBuilder().setId(h.id()).setScore(h.score()).putAllMetadata(h.metadata());
            for (float f : h.values()) {
                hb.addValues(f);
            }
            b.addHits(hb);
        }
        return b.build();
    }

    /** A search's answer with how it was answered: cache level, semantic similarity, server time. */
    public static SearchResponse toProto(SearchOutcome o) {
        return toProto(o.result()).toBuilder()
                .setCacheLevel(switch (o.level()) {
                    case NONE -> io.pyrope.api.v1.CacheLevel.CACHE_LEVEL_NONE;
                    case EXACT -> io.pyrope.api.v1.CacheLevel.CACHE_LEVEL_EXACT;
                    case SEMANTIC -> io.pyrope.api.v1.CacheLevel.CACHE_LEVEL_SEMANTIC;
                    case BYPASSED -> io.pyrope.api.v1.CacheLevel.CACHE_LEVEL_BYPASSED;
                    case ALIAS_EXACT -> io.pyrope.api.v1.CacheLevel.CACHE_LEVEL_ALIAS_EXACT;
                })
                .setCacheSimilarity(o.similarity())
                .setServerMicros(o.serverNanos() / 1_000)
                .build();
    }

    public static SearchOutcome toOutcome(SearchResponse r) {
        io.pyrope.domain.CacheLevel level = switch (r.getCacheLevel()) {
            case CACHE_LEVEL_EXACT -> io.pyrope.domain.CacheLevel.EXACT;
            case CACHE_LEVEL_SEMANTIC -> io.pyrope.domain.CacheLevel.SEMANTIC;
            case CACHE_LEVEL_BYPASSED -> io.pyrope.domain.CacheLevel.BYPASSED;
            case CACHE_LEVEL_ALIAS_EXACT -> io.pyrope.domain.CacheLevel.ALIAS_EXACT;
            default -> io.pyrope.domain.CacheLevel.NONE;
        };
        return new SearchOutcome(toDomain(r), level, r.getCacheSimilarity(), r.getServerMicros() * 1_000);
    }

    public static SearchResult toDomain(SearchResponse r) {
        List<io.pyrope.domain.SearchHit> hits = new ArrayList<>(r.getHitsCount());
        for (SearchHit h : r.getHitsList()) {
            hits.add(new io.pyrope.domain.SearchHit(h.getId(), h.getScore(), h.getMetadataMap(), toArray(h.getValuesList())));
        }
        SearchCharge charge = new SearchCharge(r.getEfRequested(), r.getNprobeRequested(), r.getEffortScale(),
                io.pyrope.domain.EffortReason.values()[Math.min(r.getEffortReasonValue(), io.pyrope.domain.EffortReason.values().length - 1)],
                r.getCost(), r.getEstimatedCost());
        return new SearchResult(hits, r.getEfUsed(), r.getPartial(), r.getShardsSearched(), r.getDistanceComputations(),
                r.getNprobeUsed(), r.getWork(), charge, r.getUnsearchedPartitions());
    }

    /** The words that go with a partial answer (SearchResponse.partial_reason). */
    static String partialReason(int unsearchedPartitions) {
        return unsearchedPartitions + " partition(s) of the index could not be searched: nodes left or partitions moved "
                + "during the search and the retries ran out. The hits are the best of the partitions searched, not "
                + "necessarily the best overall; search again for a complete answer.";
    }

    public static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        if (values instanceof com.google.protobuf.Internal.FloatList floats) {
            // The generated lists are primitive: read them without boxing every element.
            for (int i = 0; i < out.length; i++) {
                out[i] = floats.getFloat(i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
        }
        return out;
    }

    /** Protobuf uint32 fields arrive as signed ints; huge values must fail range checks, not wrap. */
    private static int clampToInt(int unsigned) {
        return unsigned < 0 ? Integer.MAX_VALUE : unsigned;
    }
}
