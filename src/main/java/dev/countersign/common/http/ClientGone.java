package dev.countersign.common.http;

import java.io.IOException;

/**
 * Tells a client that closed its connection before its request was read whole from a failure of
 * the service: reading the body then fails with an {@code IOException} raised by RESTEasy
 * Reactive's request-body stream (around Vert.x's {@code HttpClosedException}, or Netty's
 * {@code ClosedChannelException} when the channel was already gone). Nobody is left to answer and
 * nothing went wrong on this side, so it is no error to report. The test is where the failure was
 * raised, the inbound body reader, not its type: an outbound call failing the same way is a failure
 * of the service.
 */
final class ClientGone {
    private static final String BODY_READER = "org.jboss.resteasy.reactive.server.vertx.VertxInputStream";

    private ClientGone() {}

    static boolean isClientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException && raisedReadingTheBody(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean raisedReadingTheBody(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith(BODY_READER)) {
                return true;
            }
        }
        return false;
    }
}
