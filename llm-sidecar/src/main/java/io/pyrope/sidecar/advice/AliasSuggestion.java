package io.pyrope.sidecar.advice;

/** The canonical form of a query text and how sure we are that they mean the same. */
public record AliasSuggestion(String text, String canonical, double confidence, AdviceSource source) {
}
