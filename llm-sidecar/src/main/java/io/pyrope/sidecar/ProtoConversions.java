package io.pyrope.sidecar;

import io.pyrope.internal.v1.AdviceSource;
import io.pyrope.internal.v1.AliasSuggestion;
import io.pyrope.internal.v1.GetPrefetchRulesResponse;
import io.pyrope.internal.v1.GetTtlAdviceResponse;
import io.pyrope.internal.v1.PrefetchRule;
import io.pyrope.internal.v1.SuggestAliasesResponse;
import io.pyrope.internal.v1.TtlAdvice;
import io.pyrope.sidecar.advice.ClusterStats;
import io.pyrope.sidecar.markov.ClusterAccess;
import java.util.List;

/** Generated proto types stop here: conversions between the wire and the sidecar's own types. */
final class ProtoConversions {

    private ProtoConversions() {
    }

    static ClusterAccess access(io.pyrope.internal.v1.ClusterAccess a) {
        return new ClusterAccess(a.getTenant(), a.getIndex(), a.getSessionId(), a.getClusterId(), a.getTimestampMs());
    }

    static ClusterStats stats(io.pyrope.internal.v1.ClusterStats s) {
        return new ClusterStats(s.getClusterId(), s.getWriteHeat(), s.getHits(), s.getMisses());
    }

    static GetPrefetchRulesResponse rules(List<io.pyrope.sidecar.markov.PrefetchRule> rules, long nowMs) {
        GetPrefetchRulesResponse.Builder b = GetPrefetchRulesResponse.newBuilder().setGeneratedAtMs(nowMs);
        for (var r : rules) {
            b.addRules(PrefetchRule.newBuilder().setFromCluster(r.from()).setToCluster(r.to())
                    .setProbability(r.probability()).setSupport(r.support())
                    .setSuggestedTtlSeconds((int) Math.min(Integer.MAX_VALUE, r.suggestedTtlSeconds())));
        }
        return b.build();
    }

    static GetTtlAdviceResponse ttl(List<io.pyrope.sidecar.advice.TtlAdvice> advice) {
        GetTtlAdviceResponse.Builder b = GetTtlAdviceResponse.newBuilder();
        for (var a : advice) {
            b.addAdvice(TtlAdvice.newBuilder().setClusterId(a.clusterId())
                    .setTtlSeconds((int) Math.min(Integer.MAX_VALUE, a.ttlSeconds()))
                    .setReason(a.reason()).setSource(source(a.source())));
        }
        return b.build();
    }

    static SuggestAliasesResponse aliases(List<io.pyrope.sidecar.advice.AliasSuggestion> suggestions) {
        SuggestAliasesResponse.Builder b = SuggestAliasesResponse.newBuilder();
        for (var s : suggestions) {
            b.addSuggestions(AliasSuggestion.newBuilder().setText(s.text()).setCanonical(s.canonical())
                    .setConfidence(s.confidence()).setSource(source(s.source())));
        }
        return b.build();
    }

    private static AdviceSource source(io.pyrope.sidecar.advice.AdviceSource s) {
        return switch (s) {
            case MARKOV -> AdviceSource.ADVICE_SOURCE_MARKOV;
            case RULES -> AdviceSource.ADVICE_SOURCE_RULES;
            case LLM -> AdviceSource.ADVICE_SOURCE_LLM;
        };
    }
}
