package io.pyrope.sidecar.markov;

/** One reported access: a search of {@code sessionId} hit semantic cluster {@code clusterId}. */
public record ClusterAccess(String tenant, String index, String sessionId, int clusterId, long timestampMs) {

    /** Shape check only; the model drops invalid accesses rather than failing a batch. */
    public boolean isValid() {
        return tenant != null && !tenant.isEmpty() && index != null && !index.isEmpty()
                && sessionId != null && !sessionId.isEmpty() && clusterId >= 0;
    }
}
