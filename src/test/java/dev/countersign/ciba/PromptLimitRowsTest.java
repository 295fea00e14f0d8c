package dev.countersign.ciba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.ciba.store.PromptLimitWindowRepository;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
@DisplayName("ADR 0005: a counter row is created once, quietly, however many requests race for it")
class PromptLimitRowsTest {
    /** Where Hibernate reports every failed SQL statement, as a warning. */
    private static final String JDBC_ERRORS = "org.hibernate.orm.jdbc.error";

    @Inject
    PromptLimitWindowRepository windows;

    @Inject
    TestDatabase db;

    @Test
    void concurrentCreationsStoreOneRowAndLogNoFailedStatement() throws Exception {
        String key = "user:" + UUID.randomUUID();
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jdbcErrors = Logger.getLogger(JDBC_ERRORS);
        jdbcErrors.addHandler(recorder);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> creations = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                creations.add(pool.submit(() -> {
                    go.await();
                    windows.createIfAbsent(key);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> creation : creations) {
                creation.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            jdbcErrors.removeHandler(recorder);
        }
        assertThat(db.number("select count(*) from prompt_limit_windows where limit_key = ?", key))
                .isEqualTo(1);
        assertThat(logged).isEmpty();
    }

    @Test
    void creatingAnExistingRowLeavesItsCountAlone() {
        String key = "client:" + UUID.randomUUID();
        Instant window = Instant.parse("2026-01-01T00:00:00Z");
        windows.createIfAbsent(key);
        assertThat(QuarkusTransaction.requiringNew().call(() -> windows.tryCount(key, window, 10)))
                .isTrue();

        windows.createIfAbsent(key);

        assertThat(db.number("select request_count from prompt_limit_windows where limit_key = ?", key))
                .isEqualTo(1);
    }
}
