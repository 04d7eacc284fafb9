package io.pyrope.domain;

/** Hard limits on what one request may carry. Documented in the protos; enforced by {@link Validation}. */
public final class Limits {
    public static final int MAX_DIMENSION = 4096;
    public static final int MAX_ID_BYTES = 256;
    public static final int MAX_METADATA_ENTRIES = 64;
    /** Sum of UTF-8 bytes of all metadata keys and values of one vector. */
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final int MAX_BATCH = 1000;
    public static final int MAX_TOP_K = 1000;
    public static final int MAX_EF = 10_000;
    public static final int MAX_SEARCH_BATCH = 100;
    public static final int MAX_INDEX_NAME = 64;
    public static final int MAX_TENANT_ID = 64;
    /** Longest text accepted for embedding (characters); all-MiniLM-L6-v2 reads ~256 tokens anyway. */
    public static final int MAX_TEXT_CHARS = 8192;
    public static final int MAX_MODEL_ID = 128;
    public static final int MIN_M = 4;
    public static final int MAX_M = 128;
    public static final int MIN_BEAM = 16;
    public static final int MAX_BEAM = 1000;
    public static final int MAX_CENTROIDS = 4096;

    public static final int DEFAULT_M = 32;
    public static final int DEFAULT_BEAM = 100;
    public static final int DEFAULT_CENTROIDS = 64;
    /** ef used when a search does not set one: max(top_k, DEFAULT_EF). */
    public static final int DEFAULT_EF = 64;
    /** IVF lists probed when neither the index nor the search sets nprobe (capped at the list count). */
    public static final int DEFAULT_NPROBE = 8;

    private Limits() {
    }
}
