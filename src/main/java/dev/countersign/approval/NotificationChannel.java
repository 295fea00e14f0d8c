package dev.countersign.approval;

import dev.countersign.ciba.PendingRequest;
import java.time.Instant;
import java.util.List;

/**
 * A way to tell someone that a request waits for a decision: Web Push to the user's devices, the
 * operator's webhook, and whatever an operator adds.
 *
 * <p>To add a channel, write an {@code @ApplicationScoped} bean implementing this interface (in a
 * side room of {@code approval}, e.g. {@code approval/sms}). {@link NotificationFanOut} finds every
 * such bean; for each new request it asks every channel for its {@link Message}s and stores them as
 * durable jobs in the transaction that stores the request (the payload sealed). Each job's first
 * attempt is {@linkplain #prepare prepared} while that transaction commits and made right after
 * it; later attempts are retried with backoff (across instances, one attempt at a time) until
 * {@link #send} reports it sent, gone or refused, or the attempts or the request's lifetime run out.
 * A channel never retries by itself and never throws for a receiver that fails: it answers a
 * {@link SendResult}.
 */
public interface NotificationChannel {
    /** A short stable name stored with every job (at most 20 characters), e.g. {@code webpush}. */
    String name();

    /**
     * What to send for a new request, one message per target; empty when the channel is off or the
     * user has no target on it. Runs in the transaction that stores the jobs.
     */
    List<Message> messagesFor(PendingRequest request);

    /** Makes one attempt, outside any transaction; never throws for a failed receiver. */
    SendResult send(Outgoing message);

    /**
     * Does ahead the part of an attempt that needs no receiver and no database (encrypting, signing),
     * outside any transaction and possibly before the job's transaction has committed; the attempt
     * itself is the returned {@link Ready}'s {@link Ready#send}, made only after that commit. By
     * default nothing is done ahead.
     */
    default Ready prepare(Outgoing message) {
        return () -> send(message);
    }

    /** A prepared attempt, waiting for its job's commit; never throws for a failed receiver. */
    @FunctionalInterface
    interface Ready {
        SendResult send();
    }

    /** A message was delivered to the target (runs in the outcome's transaction). */
    default void delivered(String target, Instant now) {}

    /** The receiver said the target no longer exists: forget it (runs in the outcome's transaction). */
    default void gone(String target) {}

    /**
     * One message for one target.
     *
     * @param target the device id, or a fixed name for a channel with one receiver (at most 36 characters)
     * @param payload whatever {@link #send} needs; stored sealed
     */
    record Message(String target, String payload) {
        @Override
        public String toString() {
            return "Message[" + target + ", redacted]";
        }
    }

    /** A stored message on its way: its job, request, target, payload, the request's expiry and now. */
    record Outgoing(String jobId, String requestId, String target, String payload, Instant expiresAt, Instant now) {
        @Override
        public String toString() {
            return "Outgoing[" + jobId + ", redacted]";
        }
    }
}
