package io.pyrope.sidecar.advice;

/** Where a piece of advice came from. */
public enum AdviceSource { MARKOV, RULES, LLM }
