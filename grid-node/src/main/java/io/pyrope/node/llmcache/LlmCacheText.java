package io.pyrope.node.llmcache;

import io.pyrope.api.v1.CacheEntry;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.node.embed.TextEmbedding;
import io.pyrope.node.sidecar.SidecarModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Text prompts of the LLM-response cache → embeddings, before the usual put and lookup: the same
 * embedding step (and cluster-wide embedding cache) as text upserts and searches. A namespace
 * first written with text is created for the sidecar's model; text for a namespace of vectors only
 * or of another model is refused by {@link TextEmbedding}. Entries without text pass through and
 * never reach the sidecar.
 */
final class LlmCacheText {
    private final LlmCacheStore store;
    private final TextEmbedding embedding;

    LlmCacheText(LlmCacheStore store, TextEmbedding embedding) {
        this.store = store;
        this.embedding = embedding;
    }

    /**
     * The entries with every {@code text} replaced by its embedding (exactly one of the two each),
     * and the embedding model a new namespace must record ("" when no entry has text). Creates
     * nothing: the namespace is created by the put, after every entry is validated.
     */
    Resolved resolve(TenantId tenant, String namespace, List<CacheEntry> entries) {
        List<Integer> withText = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            CacheEntry e = entries.get(i);
            if (!e.getText().isEmpty()) {
                if (e.getEmbeddingCount() > 0) {
                    throw PyropeException.invalid("entries[" + i + "] has both embedding and text; set exactly one");
                }
                withText.add(i);
            }
        }
        if (withText.isEmpty()) {
            return new Resolved(entries, "");
        }
        IndexSpec spec = store.namespaceSpec(tenant, namespace).orElseGet(() -> {
            SidecarModel model = embedding.sidecarModel();
            return IndexSpec.of(LlmCacheStore.indexName(namespace), model.dimension(), io.pyrope.domain.Metric.COSINE)
                    .withEmbedding(model.modelId(), model.dimension());
        });
        List<String> texts = new ArrayList<>(withText.size());
        withText.forEach(i -> texts.add(entries.get(i).getText()));
        List<float[]> vectors = embedding.embed(spec, texts, "entries");
        List<CacheEntry> out = new ArrayList<>(entries);
        for (int j = 0; j < withText.size(); j++) {
            int i = withText.get(j);
            CacheEntry.Builder b = entries.get(i).toBuilder().clearText();
            for (float f : vectors.get(j)) {
                b.addEmbedding(f);
            }
            out.set(i, b.build());
        }
        return new Resolved(out, spec.embeddingModel());
    }

    record Resolved(List<CacheEntry> entries, String model) {
    }

    /**
     * The lookup's prompt as an embedding; empty when the namespace does not exist yet (a miss
     * that needs no embedding).
     */
    Optional<float[]> resolveLookup(TenantId tenant, String namespace, String text) {
        Optional<IndexSpec> spec = store.namespaceSpec(tenant, namespace);
        if (spec.isEmpty()) {
            TextEmbedding.validate(text, "text");
            return Optional.empty();
        }
        return Optional.of(embedding.embed(spec.get(), List.of(text), "lookup").get(0));
    }
}
