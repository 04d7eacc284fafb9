package io.pyrope.api;

import io.pyrope.api.v1.SearchResponse;
import io.pyrope.domain.SearchCharge;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A partial answer says so on the wire and in the SDK's domain type, with how much is missing and why. */
class PartialAnswerMappingTest {
    private static final List<SearchHit> HITS = List.of(new SearchHit("a", 0.9f, Map.of(), new float[0]));

    @Test
    void aPartialAnswerCarriesTheUnsearchedPartitionsAndAReason() {
        SearchResult partial = new SearchResult(HITS, 64, true, 2, 100, 0, 1000, SearchCharge.NONE, 5);
        SearchResponse wire = ProtoMapping.toProto(partial);
        assertThat(wire.getPartial()).isTrue();
        assertThat(wire.getUnsearchedPartitions()).isEqualTo(5);
        assertThat(wire.getPartialReason()).startsWith("5 partition(s) of the index could not be searched")
                .contains("search again");
        SearchResult back = ProtoMapping.toDomain(wire);
        assertThat(back.partial()).isTrue();
        assertThat(back.unsearchedPartitions()).isEqualTo(5);
        assertThat(back.withCharge(SearchCharge.NONE).unsearchedPartitions()).as("kept when charged").isEqualTo(5);
    }

    @Test
    void aCompleteAnswerHasNeitherCountNorReason() {
        SearchResponse wire = ProtoMapping.toProto(new SearchResult(HITS, 64, false, 3, 100, 0, 1000));
        assertThat(wire.getPartial()).isFalse();
        assertThat(wire.getUnsearchedPartitions()).isZero();
        assertThat(wire.getPartialReason()).isEmpty();
        assertThatThrownBy(() -> new SearchResult(HITS, 64, true, 2, 100, 0, 1000, SearchCharge.NONE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
