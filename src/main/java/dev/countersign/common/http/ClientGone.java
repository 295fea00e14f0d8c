package dev.countersign.common.http;

import io.vertx.core.http.HttpClosedException;

/**
 * Tells a client that closed its connection before its request was read whole from a failure of
 * the service: reading the body then fails with Vert.x's {@link HttpClosedException}, wrapped in an
 * {@code IOException} or two. Nobody is left to answer and nothing went wrong on this side, so it is
 * no error to report. Outbound calls go through {@code java.net.http}, so the exception can only come
 * from the inbound connection.
 */
final class ClientGone {
    private ClientGone() {}

    static boolean isClientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }
}
