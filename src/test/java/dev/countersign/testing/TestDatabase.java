package dev.countersign.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Plain SQL against the test database, to check what was stored and to tamper with it. */
@ApplicationScoped
public class TestDatabase {
    private final DataSource dataSource;

    public TestDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first column of the first row as a long (e.g. a {@code count(*)}), or -1 without a row. */
    public long number(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = prepare(c, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row as a string, or null without a row. */
    public String text(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = prepare(c, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = prepare(c, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
