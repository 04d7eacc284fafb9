package io.pyrope.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    static BenchReport sample(Double rawQps) {
        return new BenchReport("grpc", "127.0.0.1:50051", "COSINE", 10_000, 128, 1000, 10, 64, 4, 10_000,
                51234.5678, 0.195, 2.5, false, 0, 5000, 0.5, 1.25, 3.0, 0.9612, 50_000,
                rawQps == null ? null : 2.8, rawQps, rawQps == null ? null : 18_000.0, rawQps == null ? null : 0.97, "HNSW", 0,
                new NprobeSweep(List.of()));
    }

    @Test
    void ivfReportShowsNprobeAndTheSweepTable() {
        BenchReport r = new BenchReport("grpc", "127.0.0.1:50051", "COSINE", 10_000, 128, 1000, 10, 0, 4, 10_000,
                51234.5678, 0.195, 2.5, false, 0, 5000, 0.5, 1.25, 3.0, 0.9612, 50_000, null, null, null, null,
                "IVF", 8, new NprobeSweep(List.of(new NprobeSweep.Row(1, 0.61, 9000, 0.4, 1.1),
                new NprobeSweep.Row(8, 0.98, 4000, 0.9, 2.0))));
        assertThat(r.toText()).contains("(IVF nprobe 8,").contains("     8      0.9800");
        assertThat(r.toJson()).contains("\"index_type\": \"IVF\"").contains("\"nprobe\": 8")
                .contains("\"nprobe_1_recall_at_k\": 0.61").contains("\"nprobe_8_qps\": 4000");
        assertWellFormed(r.toJson());
    }

    @Test
    void jsonHasEveryRequiredKeyAndIsWellFormed() {
        String json = sample(25_000.0).toJson();
        for (String key : BenchReport.REQUIRED_KEYS) {
            assertThat(json).contains("\"" + key + "\": ");
        }
        assertThat(json).contains("\"write_vps\": 51234.6").contains("\"overhead_ratio\": 0.2")
                .contains("\"transport\": \"grpc\"").contains("\"raw_jvector_build_s\": 2.8")
                .contains("\"index_catchup_s\": 2.5").contains("\"base\": 10000");
        assertWellFormed(json);
    }

    @Test
    void missingMeasurementsAreNullNotAbsent() {
        BenchReport r = sample(null);
        assertThat(r.overheadRatio()).isNull();
        String json = r.toJson();
        assertThat(json).contains("\"raw_jvector_qps\": null").contains("\"overhead_ratio\": null");
        assertThat(r.toMap()).containsKeys(BenchReport.REQUIRED_KEYS.toArray(String[]::new));
        assertWellFormed(json);
    }

    @Test
    void jsonValuesAreEscapedAndNonFiniteIsNull() {
        assertThat(BenchReport.jsonValue("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
        assertThat(BenchReport.jsonValue(Double.NaN)).isEqualTo("null");
        assertThat(BenchReport.jsonValue(1e12)).isEqualTo("1000000000000");
        assertThat(BenchReport.jsonValue(0.000123456789)).isEqualTo("0.000123457");
    }

    @Test
    void textSummaryNamesTheNumbers() {
        String text = sample(25_000.0).toText();
        assertThat(text).contains("vec/s acknowledged").contains("QPS").contains("p99").contains("recall@10").contains("overhead");
    }

    /** Each line of the object body is "key": value with a JSON scalar. */
    private static void assertWellFormed(String json) {
        assertThat(json.trim()).startsWith("{").endsWith("}");
        Pattern line = Pattern.compile("\\s*\"[a-z0-9_]+\": (null|true|false|-?\\d+(\\.\\d+)?|\"[^\"]*\"),?");
        String[] lines = json.trim().split("\n");
        for (int i = 1; i < lines.length - 1; i++) {
            Matcher m = line.matcher(lines[i]);
            assertThat(m.matches()).as(lines[i]).isTrue();
        }
    }
}
