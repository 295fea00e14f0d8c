package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.Status;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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

    @Test
    void aCommitThatWroteWaitsForTheFile() {
        AtomicInteger waits = new AtomicInteger();
        H2GroupCommit.AfterCommit sync = new H2GroupCommit.AfterCommit(waits::incrementAndGet);
        sync.wrote = true;

        sync.afterCompletion(Status.STATUS_COMMITTED);

        assertThat(waits).hasValue(1);
    }

    @Test
    void aCommitThatAnswersNobodyDoesNotWaitForTheFile() {
        AtomicInteger waits = new AtomicInteger();
        H2GroupCommit.AfterCommit sync = new H2GroupCommit.AfterCommit(waits::incrementAndGet);
        sync.wrote = true;
        sync.answersNobody = true;

        sync.afterCompletion(Status.STATUS_COMMITTED);

        assertThat(waits).hasValue(0);
    }

    @Test
    void neitherARollbackNorAReadOnlyCommitWaits() {
        AtomicInteger waits = new AtomicInteger();
        H2GroupCommit.AfterCommit wrote = new H2GroupCommit.AfterCommit(waits::incrementAndGet);
        wrote.wrote = true;
        wrote.afterCompletion(Status.STATUS_ROLLEDBACK);
        new H2GroupCommit.AfterCommit(waits::incrementAndGet).afterCompletion(Status.STATUS_COMMITTED);

        assertThat(waits).hasValue(0);
    }
}
