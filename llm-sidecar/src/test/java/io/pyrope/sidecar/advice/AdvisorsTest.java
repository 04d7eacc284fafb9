package io.pyrope.sidecar.advice;

import static org.assertj.core.api.Assertions.assertThat;

import io.pyrope.sidecar.llm.OfflineProvider;
import io.pyrope.sidecar.llm.OpenAiCompatibleProvider;
import io.pyrope.sidecar.testing.FakeOpenAiServer;
import io.pyrope.sidecar.testing.FakeOpenAiServer.Reply;
import io.pyrope.sidecar.testing.LlmHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdvisorsTest {

    private final TtlRules ttlRules = new TtlRules(new TtlSettings(Duration.ofSeconds(30), Duration.ofHours(6), 10));
    private final AliasRules aliasRules = new AliasRules();

    @Test
    void ttlRulesAreMonotoneSmoothAndBounded() {
        long cold = ttlRules.advise(new ClusterStats(1, 0, 50, 50)).ttlSeconds();
        long warm = ttlRules.advise(new ClusterStats(1, 5, 50, 50)).ttlSeconds();
        long hot = ttlRules.advise(new ClusterStats(1, 100, 50, 50)).ttlSeconds();
        long scorching = ttlRules.advise(new ClusterStats(1, 1e9, 0, 100)).ttlSeconds();
        assertThat(cold).isEqualTo(6 * 3600);
        assertThat(warm).isLessThan(cold).isGreaterThan(hot);
        assertThat(scorching).isEqualTo(30);
        // Smooth: 1 % more heat changes the TTL by about 1 % at most.
        long a = ttlRules.advise(new ClusterStats(1, 10, 80, 20)).ttlSeconds();
        long b = ttlRules.advise(new ClusterStats(1, 10.1, 80, 20)).ttlSeconds();
        assertThat((double) Math.abs(a - b) / a).isLessThan(0.01);
        // A better hit ratio means a longer TTL.
        assertThat(ttlRules.advise(new ClusterStats(1, 10, 90, 10)).ttlSeconds())
                .isGreaterThan(ttlRules.advise(new ClusterStats(1, 10, 10, 90)).ttlSeconds());
        assertThat(ttlRules.advise(new ClusterStats(1, 100, 1, 1)).reason()).startsWith("hot");
        assertThat(ttlRules.advise(new ClusterStats(1, 0, 1, 1)).reason()).startsWith("cold");
    }

    @Test
    void aliasRulesFoldCaseSpacePunctuationAndFillers() {
        assertThat(aliasRules.suggest("What is the  capital of France?").canonical())
                .isEqualTo("what is capital of france");
        assertThat(aliasRules.suggest("what is capital of france").confidence()).isEqualTo(1.0);
        assertThat(aliasRules.suggest("What Is Capital Of France").confidence()).isEqualTo(0.97);
        assertThat(aliasRules.suggest("what is capital of france?").confidence()).isEqualTo(0.92);
        assertThat(aliasRules.suggest("please: the capital of france").confidence()).isEqualTo(0.85);
        assertThat(aliasRules.suggest("C++ vs C#").canonical()).isEqualTo("c++ vs c#");
        assertThat(aliasRules.suggest("the").canonical()).isEqualTo("the");
    }

    @Test
    void llmRefinesTtlWithinBoundsAndGarbageFallsBackToRules() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.script(
                    Reply.ok("Sure! ```json\n{\"clusters\":[{\"cluster\":1,\"ttlSeconds\":120,\"reason\":\"bursty\"},"
                            + "{\"cluster\":2,\"ttlSeconds\":999999}]}\n```", 50, 20),
                    Reply.ok("I cannot comply", 50, 5));
            LlmHarness h = new LlmHarness(List.of(new OpenAiCompatibleProvider("primary", server.baseUrl(),
                    "test-model", "", Duration.ofSeconds(1), Duration.ofSeconds(2))), new LlmHarness.Options());
            try (h) {
                TtlAdvisor advisor = new TtlAdvisor(ttlRules, h.gateway);
                List<ClusterStats> stats = List.of(new ClusterStats(1, 5, 10, 10), new ClusterStats(2, 0, 10, 10),
                        new ClusterStats(3, 1, 1, 1));
                List<TtlAdvice> advice = advisor.advise(stats, Duration.ofSeconds(5));
                assertThat(advice.get(0)).isEqualTo(new TtlAdvice(1, 120, "llm: bursty", AdviceSource.LLM));
                assertThat(advice.get(1).ttlSeconds()).as("clamped").isEqualTo(6 * 3600);
                assertThat(advice.get(1).source()).isEqualTo(AdviceSource.LLM);
                assertThat(advice.get(2).source()).as("left out by the LLM").isEqualTo(AdviceSource.RULES);

                List<TtlAdvice> garbage = advisor.advise(List.of(new ClusterStats(9, 5, 1, 1)), Duration.ofSeconds(5));
                assertThat(garbage).singleElement().extracting(TtlAdvice::source).isEqualTo(AdviceSource.RULES);
                assertThat(advisor.malformedAnswers()).isEqualTo(1);
            }
        }
    }

    @Test
    void llmAliasesAreValidatedAndOfflineFallbackUsesRules() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.script(Reply.ok("{\"aliases\":[{\"text\":\"capital of France?\",\"canonical\":\"france capital\","
                    + "\"confidence\":0.9},{\"text\":\"Hello\",\"canonical\":\"hi\",\"confidence\":7}]}", 30, 30),
                    Reply.status(400));
            LlmHarness h = new LlmHarness(List.of(new OpenAiCompatibleProvider("primary", server.baseUrl(),
                    "test-model", "", Duration.ofSeconds(1), Duration.ofSeconds(2))), new LlmHarness.Options());
            try (h) {
                AliasAdvisor advisor = new AliasAdvisor(aliasRules, h.gateway);
                List<AliasSuggestion> s = advisor.suggest(List.of("capital of France?", "Hello"), Duration.ofSeconds(5));
                assertThat(s.get(0)).isEqualTo(new AliasSuggestion("capital of France?", "france capital", 0.9,
                        AdviceSource.LLM));
                assertThat(s.get(1).source()).as("confidence out of range").isEqualTo(AdviceSource.RULES);
                List<AliasSuggestion> fallback = advisor.suggest(List.of("Other"), Duration.ofSeconds(5));
                assertThat(fallback).singleElement().isEqualTo(new AliasSuggestion("Other", "other", 0.97,
                        AdviceSource.RULES));
            }
        }
    }

    @Test
    void driftingStatisticsMakeTheSameLlmRequest() {
        TtlAdvisor ttl = new TtlAdvisor(ttlRules, null);
        var a = ttl.request(List.of(new ClusterStats(1, 12.31, 801, 199)));
        var b = ttl.request(List.of(new ClusterStats(1, 12.44, 8_030, 1_970)));
        var c = ttl.request(List.of(new ClusterStats(1, 13.0, 801, 199)));
        assertThat(a.key()).isEqualTo(b.key());
        assertThat(a.key()).isNotEqualTo(c.key());
    }

    @Test
    void offlineProviderAnswersInTheLlmFormat() {
        OfflineProvider offline = new OfflineProvider(Map.of(TtlAdvisor.PURPOSE, ttlRules::answerJson,
                AliasAdvisor.PURPOSE, aliasRules::answerJson));
        TtlAdvisor ttl = new TtlAdvisor(ttlRules, null);
        var request = ttl.request(List.of(new ClusterStats(4, 0, 0, 0)));
        assertThat(offline.complete(request).text())
                .isEqualTo("{\"clusters\":[{\"cluster\":4,\"ttlSeconds\":21600,\"reason\":\"cold: 0.0 writes/min, hit ratio 0.50\"}]}");
        var alias = new AliasAdvisor(aliasRules, null).request(List.of("The Cat"));
        assertThat(offline.complete(alias).text())
                .isEqualTo("{\"aliases\":[{\"text\":\"The Cat\",\"canonical\":\"cat\",\"confidence\":0.85}]}");
    }
}
