package dev.countersign.common.http;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Recognises a failure that means "too busy right now", not "broken": the database connection pool
 * had no free connection within its acquisition timeout. Such a request changed nothing and may be
 * repeated, so it is answered 503 with {@code Retry-After} (RFC 9110 §15.6.4, §10.2.3) rather than
 * as an unexpected 500.
 */
final class Overload {
    /** Agroal's messages when no pooled connection became free, or no new one opened, in time. */
    private static final Set<String> POOL_TIMEOUTS =
            Set.of("Sorry, acquisition timeout!", "Acquisition timeout while waiting for new connection");

    /** How long a client should wait before repeating the request. */
    static final int RETRY_AFTER_SECONDS = 1;

    private Overload() {}

    static boolean isOverload(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException && POOL_TIMEOUTS.contains(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
