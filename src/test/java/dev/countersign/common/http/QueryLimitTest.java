package dev.countersign.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.common.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryLimitTest {
    @Test
    void anAbsentLimitIsTheEndpointsDefault() {
        assertThat(QueryLimit.of(null, 100, 500)).isEqualTo(100);
        assertThat(QueryLimit.of(List.of(), 100, 500)).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "7", "007", "250", "500"})
    void aWholeNumberFromOneToTheMaximumIsTaken(String value) {
        assertThat(QueryLimit.of(List.of(value), 100, 500)).isEqualTo(Integer.parseInt(value));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"0", "501", "999", "0005", "-1", "+5", " 5", "5 ", "5.0", "1e3", "abc", "", "٥", "99999999999"})
    void anythingElseIsABadRequestNamingTheBounds(String value) {
        assertThatThrownBy(() -> QueryLimit.of(List.of(value), 100, 500))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo("limit must be a whole number from 1 to 500, given once"));
    }

    @Test
    void aRepeatedLimitIsABadRequestEvenWhenBothAgree() {
        assertThatThrownBy(() -> QueryLimit.of(List.of("5", "5"), 100, 500)).isInstanceOf(ProblemException.class);
    }
}
