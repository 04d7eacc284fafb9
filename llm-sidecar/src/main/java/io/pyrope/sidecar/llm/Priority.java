package io.pyrope.sidecar.llm;

/** Queue priority of an LLM request; HIGH is served first. */
public enum Priority {
    HIGH, MEDIUM, LOW
}
