package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The group commit covers every H2 database that lives in a file")
class H2GroupCommitTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdbc:h2:file:./data/countersign;DB_CLOSE_ON_EXIT=FALSE",
                "jdbc:h2:./data/countersign",
                "jdbc:h2:/var/lib/countersign/db",
                "jdbc:h2:tcp://localhost/~/countersign"
            })
    void isOnForAFileDatabase(String url) {
        assertThat(H2GroupCommit.persistent(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:mem:countersign-test;DB_CLOSE_DELAY=-1", "jdbc:postgresql://db/countersign"})
    void isOffForMemoryAndOtherDatabases(String url) {
        assertThat(H2GroupCommit.persistent(url)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "insert into t values (1)",
                "  UPDATE t set a = 1",
                "delete from t",
                "merge into t key (id) values (1)",
                "(insert into t values (1))",
                "with x as (select 1) delete from t",
                ""
            })
    void waitsForTheFileAfterAWrite(String sql) {
        assertThat(H2GroupCommit.isWrite(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"select * from t", "SELECT id from t for update", " (select 1)"})
    void answersAReadOnlyTransactionAtOnce(String sql) {
        assertThat(H2GroupCommit.isWrite(sql)).isFalse();
    }
}
