package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopeWordsTest {
    @Test
    void saysEachScopeInPlainWordsInTheOrderAsked() {
        assertThat(ScopeWords.of("openid  payments email"))
                .containsExactly(
                        "Confirm that it is you who approved",
                        "Use the permission “payments”",
                        "See your e-mail address");
    }

    @Test
    void nothingAskedIsNothingShown() {
        assertThat(ScopeWords.of(null)).isEmpty();
        assertThat(ScopeWords.of(" ")).isEmpty();
    }
}
