package io.pyrope.node.api;

import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.node.embed.TextEmbedding;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text fields of API requests into vectors, before the request enters the usual write or
 * search path, so everything downstream (validation, quotas, caches, search) is the same as for
 * vectors. Requests without text pass through untouched and never reach the sidecar.
 */
final class TextInput {
    private final VectorGrid grid;
    private final TextEmbedding embedding;

    TextInput(VectorGrid grid, TextEmbedding embedding) {
        this.grid = grid;
        this.embedding = embedding;
    }

    /** The vectors with every {@code text} replaced by its embedding; exactly one of values and text each. */
    List<Vector> resolve(TenantId tenant, String index, List<Vector> vectors) {
        List<Integer> withText = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            Vector v = vectors.get(i);
            if (!v.getText().isEmpty()) {
                if (v.getValuesCount() > 0) {
                    throw PyropeException.invalid("vectors[" + i + "] has both values and text; set exactly one");
                }
                withText.add(i);
            }
        }
        if (withText.isEmpty()) {
            return vectors;
        }
        IndexSpec spec = grid.indexSpec(tenant, index);
        List<String> texts = new ArrayList<>(withText.size());
        withText.forEach(i -> texts.add(vectors.get(i).getText()));
        List<float[]> embedded = embedding.embed(spec, texts, "vectors");
        List<Vector> out = new ArrayList<>(vectors);
        for (int j = 0; j < withText.size(); j++) {
            int i = withText.get(j);
            out.set(i, withValues(vectors.get(i).toBuilder().clearText(), embedded.get(j)).build());
        }
        return out;
    }

    /** The search with its {@code text} replaced by its embedding as the query vector. */
    SearchRequest resolve(TenantId tenant, String index, SearchRequest request) {
        if (request.getText().isEmpty()) {
            return request;
        }
        if (request.getQueryCount() > 0) {
            throw PyropeException.invalid("the search has both query and text; set exactly one");
        }
        IndexSpec spec = grid.indexSpec(tenant, index);
        float[] v = embedding.embed(spec, List.of(request.getText()), "search").get(0);
        SearchRequest.Builder b = request.toBuilder().clearText();
        for (float f : v) {
            b.addQuery(f);
        }
        return b.build();
    }

    private static Vector.Builder withValues(Vector.Builder b, float[] values) {
        for (float f : values) {
            b.addValues(f);
        }
        return b;
    }
}
