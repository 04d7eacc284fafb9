package io.pyrope.domain;

/**
 * A nearest-neighbour query by text: the node embeds {@code text} with the index's embedding
 * model, then searches exactly as for a vector {@link SearchQuery} with the same options.
 */
public record TextQuery(String text, int topK, int ef, MetadataFilter filter, boolean includeMetadata,
                        boolean includeVectors) {

    public TextQuery {
        filter = filter == null ? MetadataFilter.NONE : filter;
    }

    public static TextQuery of(String text, int topK) {
        return new TextQuery(text, topK, 0, MetadataFilter.NONE, false, false);
    }

    public TextQuery withMetadata() {
        return new TextQuery(text, topK, ef, filter, true, includeVectors);
    }
}
