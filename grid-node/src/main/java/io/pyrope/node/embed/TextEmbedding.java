package io.pyrope.node.embed;

import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.node.sidecar.SidecarEmbeddingClient;
import io.pyrope.node.sidecar.SidecarEmbeddings;
import io.pyrope.node.sidecar.SidecarModel;
import io.micrometer.core.instrument.Timer;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Limits;
import io.pyrope.domain.PyropeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Text → vectors for one index: the step every text input goes through before the existing
 * write and search pipelines (upsert, search; the LLM-response cache next). Validates the texts,
 * serves what the embedding cache holds and asks the sidecar once, in batches, for the rest,
 * refusing vectors of another model or dimension than the index's.
 */
public final class TextEmbedding {
    private final SidecarEmbeddingClient sidecar;
    private final EmbeddingCache cache;
    private final Timer latency;

    public TextEmbedding(SidecarEmbeddingClient sidecar, EmbeddingCache cache, MeterRegistry meters) {
        this.sidecar = sidecar;
        this.cache = cache;
        this.latency = Timer.builder("pyrope.embedding.duration")
                .description("Text to vectors for one request, cache lookups and sidecar calls included")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * One vector per text, in order. {@code what} names the texts in errors, e.g. "vectors" gives
     * "vectors[3].text is empty".
     */
    public List<float[]> embed(IndexSpec spec, List<String> texts, String what) {
        long t0 = System.nanoTime();
        requireTextIndex(spec);
        String model = spec.embeddingModel();
        List<String> keys = new ArrayList<>(texts.size());
        Map<String, String> textByKey = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String normalized = validate(texts.get(i), what + "[" + i + "].text");
            String key = EmbeddingKeys.key(model, normalized);
            keys.add(key);
            textByKey.putIfAbsent(key, normalized);
        }
        Map<String, float[]> vectors = new HashMap<>(cache.getAll(textByKey.keySet()));
        textByKey.keySet().removeAll(vectors.keySet());
        if (!textByKey.isEmpty()) {
            vectors.putAll(embedMisses(spec, textByKey));
        }
        List<float[]> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(vectors.get(key));
        }
        latency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        return out;
    }

    /** The model the sidecar serves (for creating an index for text). */
    public SidecarModel sidecarModel() {
        SidecarModel m = sidecar.model();
        cache.modelSeen(m.modelId());
        return m;
    }

    private Map<String, float[]> embedMisses(IndexSpec spec, Map<String, String> textByKey) {
        List<String> keys = new ArrayList<>(textByKey.keySet());
        SidecarEmbeddings answer = sidecar.embed(new ArrayList<>(textByKey.values()));
        cache.modelSeen(answer.model().modelId());
        requireSameModel(spec, answer.model());
        Map<String, float[]> fresh = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            fresh.put(keys.get(i), answer.vectors().get(i));
        }
        cache.putAll(fresh);
        return fresh;
    }

    static void requireTextIndex(IndexSpec spec) {
        if (!spec.acceptsText()) {
            throw new PyropeException(ErrorCode.FAILED_PRECONDITION, "index '" + spec.name()
                    + "' has no embedding model, so it takes vectors only; create an index with embedding_model"
                    + " (e.g. all-minilm-l6-v2) to send text");
        }
    }

    static void requireSameModel(IndexSpec spec, SidecarModel served) {
        if (!served.modelId().equals(spec.embeddingModel())) {
            throw new PyropeException(ErrorCode.FAILED_PRECONDITION, "index '" + spec.name() + "' was created for embedding"
                    + " model " + spec.embeddingModel() + ", but the sidecar now serves " + served.modelId()
                    + "; run a sidecar with " + spec.embeddingModel() + ", or create a new index for " + served.modelId());
        }
        if (served.dimension() != spec.dimension()) {
            throw new PyropeException(ErrorCode.FAILED_PRECONDITION, "index '" + spec.name() + "' has dimension "
                    + spec.dimension() + ", but model " + served.modelId() + " makes " + served.dimension()
                    + "-dimensional vectors");
        }
    }

    /** The text normalized as it is embedded; INVALID_ARGUMENT naming {@code field} if empty or too long. */
    public static String validate(String text, String field) {
        String normalized = EmbeddingKeys.normalize(text);
        if (normalized.isEmpty()) {
            throw PyropeException.invalid(field + " is empty");
        }
        if (normalized.length() > Limits.MAX_TEXT_CHARS) {
            throw PyropeException.invalid(field + " has " + normalized.length() + " characters; at most "
                    + Limits.MAX_TEXT_CHARS);
        }
        return normalized;
    }
}
