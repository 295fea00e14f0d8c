package dev.countersign.common;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A connection of its own to the embedded H2 database, outside the pool and outside any
 * transaction, for housekeeping statements ({@code CHECKPOINT}, {@code SET}). Opened on first use
 * and again after {@link #close()}. Not thread-safe: its owner serialises the calls.
 */
final class H2SideConnection {
    private final String url;
    private final String username;
    private final String password;
    private Connection connection;

    H2SideConnection(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, username, password);
        }
        return connection;
    }

    /** Closes it, quietly: a broken connection is simply opened again at the next use. */
    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do with a broken connection
            }
            connection = null;
        }
    }
}
