package io.pyrope.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsAndProgressTest {

    @Test
    void defaultsFollowTheReferenceWorkload() {
        BenchOptions o = BenchOptions.parse(new String[0], "key-from-env");
        assertThat(o.dim()).isEqualTo(128);
        assertThat(o.base()).isEqualTo(10_000);
        assertThat(o.queries()).isEqualTo(1000);
        assertThat(o.k()).isEqualTo(10);
        assertThat(o.batch()).isEqualTo(500);
        assertThat(o.transport()).isEqualTo(BenchOptions.Transport.GRPC);
        assertThat(o.target()).isEqualTo("127.0.0.1:50051");
        assertThat(o.apiKey()).isEqualTo("key-from-env");
        assertThat(o.reference()).isTrue();
        assertThat(o.effectiveEf()).isEqualTo(64);
        assertThat(o.index()).startsWith("bench_");
        assertThat(o.writeWarmup()).isEqualTo(30_000);
    }

    @Test
    void flagsOverrideDefaults() {
        BenchOptions o = BenchOptions.parse(new String[]{"--transport", "sdk", "--base", "1_000_000", "--ef", "100",
                "--no-reference", "--keep", "--api-key", "k", "--index", "mine", "--metric", "dot", "--json", "out.json"}, null);
        assertThat(o.transport()).isEqualTo(BenchOptions.Transport.SDK);
        assertThat(o.target()).isEqualTo("127.0.0.1:10800");
        assertThat(o.base()).isEqualTo(1_000_000);
        assertThat(o.effectiveEf()).isEqualTo(100);
        assertThat(o.reference()).isFalse();
        assertThat(o.keep()).isTrue();
        assertThat(o.index()).isEqualTo("mine");
        assertThat(o.metric()).isEqualTo(io.pyrope.domain.Metric.DOT_PRODUCT);
        assertThat(o.json().toString()).isEqualTo("out.json");
        assertThat(o.writeWarmup()).isEqualTo(30_000);
        assertThat(BenchOptions.parse(new String[]{"--write-warmup", "0"}, "k").writeWarmup()).isZero();
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{}, null)).hasMessageContaining("API key");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--batch", "5000"}, "k")).hasMessageContaining("1000");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--bogus", "1"}, "k")).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--dim"}, "k")).hasMessageContaining("--dim");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Bench.run(new String[]{"--threads", "0"}, System.out, new PrintStream(err), "k");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: pyrope bench");
    }

    @Test
    void progressLineShowsBarPercentCountAndRate() {
        String line = ProgressBar.render("load", 5200, 10_000, 108_333_333L, 10);
        assertThat(line).isEqualTo("load [#####     ]  52% 5200/10000 48k vec/s");
        assertThat(ProgressBar.render("load", 10, 10, 0, 4)).contains("[####] 100%");
    }

    @Test
    void plainProgressPrintsAtMostOneLinePerTenPercent() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ProgressBar bar = new ProgressBar("load", 1000, new PrintStream(buf), BenchOptions.Progress.PLAIN, clock::get);
        for (int i = 0; i < 1000; i++) {
            clock.addAndGet(1_000_000);
            bar.advance(1);
        }
        bar.finish();
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines.length).isBetween(10, 11);
        assertThat(lines[lines.length - 1]).contains("100% 1000/1000");
        assertThat(buf.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void ivfOptionsBuildAnIvfIndexAndCheckTheirCombination() {
        BenchOptions o = BenchOptions.parse(new String[]{"--index-type", "ivf", "--lists", "32", "--nprobe", "4",
                "--nprobe-sweep", "1,2,32"}, "k");
        assertThat(o.indexSpec("b").type()).isEqualTo(io.pyrope.domain.IndexType.IVF);
        assertThat(o.indexSpec("b").centroids()).isEqualTo(32);
        assertThat(o.effectiveNprobe()).isEqualTo(4);
        assertThat(o.effectiveEf()).isZero();
        assertThat(o.nprobeSweep()).containsExactly(1, 2, 32);
        assertThat(BenchOptions.parse(new String[]{"--index-type", "ivf"}, "k").effectiveNprobe()).isEqualTo(8);
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--index-type", "ivf", "--ef", "80"}, "k"))
                .hasMessageContaining("--ef applies to HNSW");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--nprobe", "4"}, "k"))
                .hasMessageContaining("need --index-type ivf");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--index-type", "ivf", "--lists", "4", "--nprobe", "5"}, "k"))
                .hasMessageContaining("nprobe must be 1..4");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--index-type", "ivf", "--nprobe-sweep", "65"}, "k"))
                .hasMessageContaining("exceeds the 64 lists");
    }
}
