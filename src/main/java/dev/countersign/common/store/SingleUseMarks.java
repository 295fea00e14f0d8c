package dev.countersign.common.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * Records that a single-use value (a client assertion's or a DPoP proof's {@code jti}, by hash, or a
 * revoked access token's {@code jti}) has been used, in the caller's transaction and on its connection: a second pooled connection per
 * request, held while the first waits, runs the pool dry under concurrency. A key that is already
 * there means "used before" and must not abort the caller's transaction: PostgreSQL skips it with
 * {@code on conflict do nothing}; H2 rolls back only the failing statement, so its duplicate key
 * error (or, while a concurrent use is uncommitted, its lock error) is answered as "used".
 *
 * <p>The mark commits with the request's transaction; the endpoints that take such JWTs commit on
 * OAuth error answers too, so a refused request still uses up its {@code jti}.
 */
@ApplicationScoped
public class SingleUseMarks {
    /** Unique violation (both databases), H2's concurrent update and lock timeout. */
    private static final Set<String> TAKEN = Set.of("23505", "90131", "HYT00");

    private static final Pattern NAME = Pattern.compile("[a-z_]+");

    private final EntityManager entityManager;
    private final H2GroupCommit groupCommit;
    private final boolean postgresql;

    public SingleUseMarks(
            EntityManager entityManager,
            H2GroupCommit groupCommit,
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.entityManager = entityManager;
        this.groupCommit = groupCommit;
        this.postgresql = dbKind.startsWith("postgres");
    }

    /** Inserts {@code (key, expiresAt)} into the table; false when the key is already there. */
    public boolean markOnce(String table, String keyColumn, String key, Instant expiresAt) {
        return markOnce(table, keyColumn, key, expiresAt, Map.of());
    }

    /**
     * Inserts {@code (key, expiresAt, columns…)} into the table; false when the key is already there.
     * The extra columns hold plain values ({@link Instant}s are written as UTC timestamps).
     */
    public boolean markOnce(
            String table, String keyColumn, String key, Instant expiresAt, Map<String, Object> columns) {
        List<String> names = new ArrayList<>(List.of(table, keyColumn));
        names.addAll(columns.keySet());
        if (!names.stream().allMatch(n -> NAME.matcher(n).matches())) {
            throw new IllegalArgumentException("not a table or column name: " + names);
        }
        List<Object> values = new ArrayList<>(columns.values());
        String extraNames = columns.keySet().stream().map(n -> ", " + n).collect(Collectors.joining());
        String sql = "insert into " + table + " (" + keyColumn + ", expires_at" + extraNames + ") values (?, ?"
                + ", ?".repeat(values.size()) + ")" + (postgresql ? " on conflict do nothing" : "");
        return QuarkusTransaction.joiningExisting().call(() -> {
            groupCommit.statementSent(sql);
            return entityManager.unwrap(Session.class).doReturningWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    insert.setString(1, key);
                    insert.setObject(2, expiresAt.atOffset(ZoneOffset.UTC));
                    for (int i = 0; i < values.size(); i++) {
                        Object value = values.get(i);
                        insert.setObject(3 + i, value instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : value);
                    }
                    return insert.executeUpdate() == 1;
                } catch (SQLException e) {
                    if (!postgresql && TAKEN.contains(e.getSQLState())) {
                        return false;
                    }
                    throw e;
                }
            });
        });
    }
}
