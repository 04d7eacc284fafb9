package io.pyrope.bench;

import io.pyrope.client.InMemoryPyropeClient;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole bench pipeline against the in-memory fake (exact search), reference included. */
class BenchPipelineTest {

    @Test
    void exactTargetGivesFullRecallAndEveryKey(@TempDir Path dir) throws Exception {
        InMemoryPyropeClient fake = new InMemoryPyropeClient();
        String key = fake.issueKey(TenantId.DEFAULT, KeyRole.TENANT_ADMIN).secret();
        BenchOptions o = BenchOptions.parse(new String[]{"--transport", "sdk", "--dim", "16", "--base", "2000",
                "--queries", "50", "--k", "10", "--threads", "2", "--batch", "300", "--clusters", "10",
                "--warmup-seconds", "0", "--search-seconds", "0", "--progress", "none", "--write-warmup", "3000",
                "--json", dir.resolve("r.json").toString()}, "unused");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchReport r = new Bench(o, new PrintStream(err), opts -> new SdkTarget(fake.withApiKey(key))).execute();

        assertThat(r.written()).isEqualTo(2000);
        assertThat(r.recallAtK()).isEqualTo(1.0);
        assertThat(r.searches()).isGreaterThanOrEqualTo(50);
        assertThat(r.indexCatchupS()).isNotNull();
        assertThat(r.rawJvectorQps()).isPositive();
        assertThat(r.rawJvectorRecall()).isGreaterThan(0.9);
        assertThat(r.overheadRatio()).isPositive();
        assertThat(r.toMap()).containsKeys(BenchReport.REQUIRED_KEYS.toArray(String[]::new));
        // The index and the write warm-up's scratch index are dropped afterwards (the bench closed
        // only its own view of the fake).
        assertThat(fake.listIndexes()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("truth").contains("jvector")
                .contains("warm-up   3,000 vectors");
    }
}
