package dev.countersign.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Fills a user's request history fast: copies of one stored backchannel request, written in one SQL
 * batch instead of one {@code bc-authorize} round-trip (and prompt-limit window) each.
 */
@ApplicationScoped
public class StoredRequests {
    private static final String COPY = "insert into backchannel_requests"
            + " (id, auth_req_id_hash, client_id, user_sub, scope, binding_message, state, created_at,"
            + " expires_at, interval_seconds)"
            + " select ?, ?, client_id, user_sub, scope, ?, ?, ?, expires_at, interval_seconds"
            + " from backchannel_requests where id = ?";

    private final DataSource dataSource;

    public StoredRequests(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores {@code count} copies of request {@code sourceId} (same user, client and expiry) in
     * {@code state}, the i-th (from 1) created {@code i × step} after the source (a negative step makes
     * them older). Returns their ids in the order made; each copy's binding message is {@code copy-i}.
     */
    public List<String> copies(String sourceId, int count, String state, Duration step) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(COPY)) {
            OffsetDateTime source = createdAt(c, sourceId);
            for (int i = 1; i <= count; i++) {
                String id = UUID.randomUUID().toString();
                insert.setString(1, id);
                insert.setString(2, "copy-" + id);
                insert.setString(3, "copy-" + i);
                insert.setString(4, state);
                insert.setObject(5, source.plus(step.multipliedBy(i)));
                insert.setString(6, sourceId);
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static OffsetDateTime createdAt(Connection c, String id) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("select created_at from backchannel_requests where id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalArgumentException("no request " + id);
                }
                return rows.getObject(1, OffsetDateTime.class);
            }
        }
    }
}
