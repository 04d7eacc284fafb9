package io.pyrope.node.embed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingKeysTest {

    @Test
    void spacingAndUnicodeFormDoNotMatterButCaseAndModelDo() {
        String a = EmbeddingKeys.normalize("  Caf\u00e9 \t au\n lait ");
        String b = EmbeddingKeys.normalize("Cafe\u0301 au lait");
        assertThat(a).isEqualTo("Caf\u00e9 au lait").isEqualTo(b);
        assertThat(EmbeddingKeys.key("m1", a)).isEqualTo(EmbeddingKeys.key("m1", b)).hasSize(64);
        assertThat(EmbeddingKeys.key("m1", a)).isNotEqualTo(EmbeddingKeys.key("m2", a));
        assertThat(EmbeddingKeys.key("m1", "Cafe")).isNotEqualTo(EmbeddingKeys.key("m1", "cafe"));
        // The separator keeps (model, text) pairs apart that would concatenate alike.
        assertThat(EmbeddingKeys.key("ab", "c")).isNotEqualTo(EmbeddingKeys.key("a", "bc"));
    }
}
