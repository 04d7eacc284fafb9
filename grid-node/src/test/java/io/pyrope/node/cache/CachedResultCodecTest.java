package io.pyrope.node.cache;

import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cached results and buckets survive their byte encoding exactly, and foreign bytes are a miss. */
class CachedResultCodecTest {
    private static final VersionVector SEEN = new VersionVector(7, 3, 42, new long[] {1, 2, 3, 4},
            new long[VersionVector.ID_BUCKETS]);

    @Test
    void aResultRoundTripsWithItsHitsAndFreshnessData() {
        CachedResult r = result("a", new float[] {0.5f, -1f, 2f}, 1_000);
        CachedResult back = CachedResultCodec.decodeResult(CachedResultCodec.encode(r));
        assertThat(back).isNotNull();
        SearchResult original = r.toResult();
        SearchResult decoded = back.toResult();
        assertThat(decoded.hits()).extracting(SearchHit::id, SearchHit::score, SearchHit::metadata)
                .containsExactlyElementsOf(original.hits().stream()
                        .map(h -> org.assertj.core.groups.Tuple.tuple(h.id(), h.score(), h.metadata())).toList());
        assertThat(decoded.hits().get(0).values()).containsExactly(original.hits().get(0).values());
        assertThat(decoded.efUsed()).isEqualTo(original.efUsed());
        assertThat(decoded.shardsSearched()).isEqualTo(original.shardsSearched());
        assertThat(decoded.distanceComputations()).isEqualTo(original.distanceComputations());
        assertThat(back.query()).containsExactly(r.query());
        assertThat(back.expiresAtMs()).isEqualTo(1_000);
        assertThat(back.weight()).isEqualTo(r.weight());
        // Freshness decisions are the same: fresh at the versions it was filled with, stale after a bump.
        assertThat(back.freshAt(SEEN, 10, true)).isEqualTo(r.freshAt(SEEN, 10, true)).isTrue();
        VersionVector bumped = SEEN.bumped(1, 3, 4, new int[] {0}, new int[] {VersionVector.bucketOf("a")});
        assertThat(back.freshAt(bumped, 10, true)).isEqualTo(r.freshAt(bumped, 10, true)).isFalse();
        assertThat(back.freshAt(SEEN, 1_000, false)).as("expired").isFalse();
    }

    @Test
    void aBucketRoundTripsInOrderAndForeignBytesAreAMiss() {
        SemanticBucket b = SemanticBucket.EMPTY.with(result("x", new float[] {1, 0}, 5_000), 4, 0)
                .with(result("y", new float[] {0, 1}, 5_000), 4, 0);
        SemanticBucket back = CachedResultCodec.decodeBucket(CachedResultCodec.encode(b));
        assertThat(back.entries()).hasSize(2);
        assertThat(back.entries()[0].query()).containsExactly(0, 1);
        assertThat(back.entries()[1].query()).containsExactly(1, 0);
        assertThat(CachedResultCodec.decodeBucket(new byte[] {9, 0, 1})).isNull();
        assertThat(CachedResultCodec.decodeResult(null)).isNull();
        byte[] truncated = CachedResultCodec.encode(result("z", new float[] {1}, 1));
        assertThat(CachedResultCodec.decodeResult(java.util.Arrays.copyOf(truncated, truncated.length - 3))).isNull();
    }

    private static CachedResult result(String id, float[] query, long expiresAt) {
        SearchResult r = new SearchResult(List.of(new SearchHit(id, 0.9f, Map.of("lang", "ünïcødé", "k", ""), new float[] {1, 2}),
                new SearchHit(id + "2", 0.5f, Map.of(), new float[0])), 64, false, 2, 1234);
        return new CachedResult(r, query, SEEN, 3, new Dependencies(false, new int[] {0, 2}, 1, new int[] {VersionVector.bucketOf(id)}),
                expiresAt);
    }
}
