package dev.countersign.ciba.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The poll's read of a backchannel request by the hash of its {@code auth_req_id}: one prepared
 * statement on the {@code auth_req_id_hash} unique index, on a pooled connection in auto-commit
 * mode, outside any transaction. A pending poll that is on time changes nothing, so it needs neither
 * a JTA transaction nor Hibernate's session, query translation and entity loading (together most of
 * a poll's cost in a profile of the token endpoint). It reads committed rows only, so it can never
 * see a decision that does not survive.
 */
@ApplicationScoped
public class PollStates {
    static final String SQL = "select client_id, state, expires_at, interval_seconds, unreached_at"
            + " from backchannel_requests where auth_req_id_hash = ?";

    private final AgroalDataSource dataSource;

    public PollStates(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The request with this {@code auth_req_id} hash, as last committed, if there is one. */
    public Optional<PollState> find(String authReqIdHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SQL)) {
            select.setString(1, authReqIdHash);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PollState(
                        row.getString(1),
                        row.getString(2),
                        row.getObject(3, OffsetDateTime.class).toInstant(),
                        row.getInt(4),
                        row.getObject(5, OffsetDateTime.class) != null));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the backchannel request", e);
        }
    }
}
