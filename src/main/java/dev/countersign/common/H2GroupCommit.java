package dev.countersign.common;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Group commit for the embedded H2 file database: no committed transaction is acknowledged before
 * it is written to the database file, so a request the service answered survives a killed process.
 *
 * <p>H2 keeps committed changes in memory and writes them to its file in the background (its
 * {@code WRITE_DELAY}). Writing on every commit instead ({@code WRITE_DELAY=0}) serialises every
 * commit behind one file write and caps throughput at a few hundred commits a second. Here each
 * committed transaction waits, after its commit, until one {@code CHECKPOINT} that started after
 * the commit has finished; one checkpoint covers every transaction that committed before it began,
 * so under load many commits share one file write. Writing to the file is what survives a process
 * kill (the operating system keeps the data); surviving a power loss needs fsync, which is why
 * production runs on PostgreSQL.
 *
 * <p>Only transactions that wrote wait: {@code common/store/WritingStatements} sees every SQL
 * statement Hibernate sends and marks the transaction on its first statement that is not a plain
 * {@code select}.
 * A read-only transaction has nothing of its own to make durable, so it answers at once. Neither
 * does one marked {@link #answersNobody()}: background work whose commit nobody is told of.
 *
 * <p>Active for every H2 database but an in-memory one; PostgreSQL makes its own commits durable.
 */
@ApplicationScoped
public class H2GroupCommit {
    private final boolean active;
    private final H2SideConnection connection;

    @Inject
    TransactionSynchronizationRegistry registry;

    private final Object lock = new Object();
    /** Commits acknowledged so far; each committed transaction takes the next ticket. */
    private long committed;
    /** Every ticket up to this one is on disk. */
    private long flushed;

    private boolean flushing;

    H2GroupCommit(
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.active = "h2".equals(dbKind) && url.map(H2GroupCommit::persistent).orElse(false);
        this.connection = new H2SideConnection(url.orElse(null), username.orElse(""), password.orElse(""));
    }

    /** Every H2 URL but an in-memory one names a database file (jdbc:h2:file:, jdbc:h2:./x, tcp). */
    static boolean persistent(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    void onTransactionBegin(@Observes @Initialized(TransactionScoped.class) Object event) {
        if (active) {
            AfterCommit sync = new AfterCommit(this::awaitDurable);
            registry.putResource(AfterCommit.class, sync);
            registry.registerInterposedSynchronization(sync);
        }
    }

    /** Told of every SQL statement sent in a transaction: a write makes the commit wait for the file. */
    public void statementSent(String sql) {
        if (active && isWrite(sql) && registry.getTransactionKey() != null) {
            if (registry.getResource(AfterCommit.class) instanceof AfterCommit sync) {
                sync.wrote = true;
            }
        }
    }

    /**
     * Lets the current transaction's commit return without waiting for the database file, for
     * background work that answers nobody once it commits (a delivery attempt recording how it
     * ended). Waiting would not make such a commit any more durable: a crash before the file write
     * loses it either way, and nothing that follows it assumes it is on disk (losing an attempt's
     * outcome means one more attempt, as a crash during the attempt does). It would only make the
     * next transaction that does answer someone (the agent's next request) wait for this file write
     * to end before it starts its own. That next file write carries this commit too; with no next
     * one, H2 writes it by itself within its {@code WRITE_DELAY}.
     */
    public void answersNobody() {
        if (active && registry.getTransactionKey() != null) {
            if (registry.getResource(AfterCommit.class) instanceof AfterCommit sync) {
                sync.answersNobody = true;
            }
        }
    }

    /** Conservative: every statement but a plain {@code select} counts as a write. */
    static boolean isWrite(String sql) {
        int i = 0;
        while (i < sql.length() && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == '(')) {
            i++;
        }
        return !sql.regionMatches(true, i, "select", 0, 6) || sql.length() == i;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        synchronized (lock) {
            closeQuietly();
        }
    }

    /** Blocks until every transaction committed before this call is in the database file. */
    public void awaitDurable() {
        long ticket;
        synchronized (lock) {
            ticket = ++committed;
        }
        while (true) {
            long target;
            synchronized (lock) {
                while (flushing && flushed < ticket) {
                    waitForFlush();
                }
                if (flushed >= ticket) {
                    return;
                }
                flushing = true;
                target = committed;
            }
            boolean done = false;
            try {
                checkpoint();
                done = true;
            } finally {
                synchronized (lock) {
                    flushing = false;
                    if (done) {
                        flushed = Math.max(flushed, target);
                    }
                    lock.notifyAll();
                }
            }
        }
    }

    private void waitForFlush() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database file write", e);
        }
    }

    private void checkpoint() {
        try {
            try (Statement statement = connection.get().createStatement()) {
                statement.execute("CHECKPOINT");
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new IllegalStateException("could not write committed changes to the database file", e);
        }
    }

    private void closeQuietly() {
        connection.close();
    }

    /**
     * Waits for the file write after a commit that wrote, before the caller sees the transaction
     * end, unless the transaction {@link #answersNobody() answers nobody}.
     */
    static final class AfterCommit implements Synchronization {
        private final Runnable awaitDurable;
        volatile boolean wrote;
        volatile boolean answersNobody;

        AfterCommit(Runnable awaitDurable) {
            this.awaitDurable = awaitDurable;
        }

        @Override
        public void beforeCompletion() {}

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED && wrote && !answersNobody) {
                awaitDurable.run();
            }
        }
    }
}
