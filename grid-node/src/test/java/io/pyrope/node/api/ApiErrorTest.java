package io.pyrope.node.api;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import org.apache.ignite.IgniteException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorTest {

    @Test
    void expectedErrorsKeepCodeAndMessageEvenWhenWrapped() {
        PyropeException notFound = PyropeException.notFound("index 'x' does not exist");
        assertThat(ApiError.of(notFound, "Search")).isEqualTo(new ApiError(5, "index 'x' does not exist", 0));
        ApiError wrapped = ApiError.of(new IgniteException("task failed", new RuntimeException(notFound)), "Search");
        assertThat(wrapped).isEqualTo(new ApiError(5, "index 'x' does not exist", 0));
        assertThat(ApiError.of(new PyropeException(ErrorCode.UNAUTHENTICATED, "missing API key"), "Get").code()).isEqualTo(16);
    }

    @Test
    void unexpectedErrorsAreInternalWithAGenericMessageAndAReference() {
        ApiError e = ApiError.of(new IllegalStateException("secret internals: /etc/passwd"), "Upsert");
        assertThat(e.code()).isEqualTo(13);
        assertThat(e.message()).startsWith("internal error in Upsert (ref ").doesNotContain("secret internals");
    }
}
