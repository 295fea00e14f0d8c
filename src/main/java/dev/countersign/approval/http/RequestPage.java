package dev.countersign.approval.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.DisplayedRequest;
import dev.countersign.approval.ScopeWords;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.ciba.RequestState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A backchannel request as the approval pages render it. Only words reach the template, never raw
 * JSON. Built with {@link #of(PendingRequest, DisplayedRequest, Instant)}, {@code display} and
 * {@code scopes} are {@link DisplayedRequest}'s already HTML-escaped sentences (the request page
 * prints them with {@code .raw}); everything else the template escapes.
 *
 * @param secondsLeft whole seconds until expiry by the server's clock (0 when expired)
 */
public record RequestPage(
        String id,
        String agent,
        String bindingMessage,
        String whatHappens,
        List<String> scopes,
        List<String> details,
        List<String> display,
        boolean highRisk,
        List<Integer> numberChoices,
        String status,
        boolean pending,
        long secondsLeft,
        String countdown,
        Instant createdAt,
        Instant expiresAt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** When the request was made, for people: {@code 2026-11-28 09:22 UTC}. */
    public String when() {
        return WHEN.format(createdAt);
    }

    static RequestPage of(PendingRequest r, Instant now) {
        long left = Math.max(0, Duration.between(now, r.expiresAt()).toSeconds());
        boolean pending = r.state() == RequestState.PENDING && left > 0;
        return new RequestPage(
                r.id(),
                r.clientName(),
                r.bindingMessage().orElse(null),
                "If you approve, " + r.clientName()
                        + " receives a short-lived token to act for you with the permissions below."
                        + " If you deny, or do nothing before the time runs out, it gets nothing.",
                ScopeWords.of(r.scope()),
                detailTypes(r.authorizationDetails().orElse(null)),
                List.of(),
                false,
                List.of(),
                pending ? "pending" : r.state() == RequestState.PENDING ? "expired" : lower(r.state()),
                pending,
                left,
                String.format(Locale.ROOT, "%d:%02d", left / 60, left % 60),
                r.createdAt(),
                r.expiresAt());
    }

    /**
     * The request page: what {@link dev.countersign.approval.RequestDisplay} put into words (already
     * escaped), whether approving needs a passkey, and the number choices.
     */
    static RequestPage of(PendingRequest r, DisplayedRequest shown, Instant now) {
        RequestPage p = of(r, now);
        return new RequestPage(
                p.id(),
                p.agent(),
                p.bindingMessage(),
                p.whatHappens(),
                shown.scopes(),
                shown.sentences().isEmpty() ? p.details() : List.of(),
                shown.sentences(),
                shown.highRisk(),
                r.numberChoices(),
                p.status(),
                p.pending(),
                p.secondsLeft(),
                p.countdown(),
                p.createdAt(),
                p.expiresAt());
    }

    /** The RFC 9396 {@code type} of each authorization detail, the only part shown until display templates exist. */
    static List<String> detailTypes(String authorizationDetails) {
        List<String> types = new ArrayList<>();
        if (authorizationDetails == null) {
            return types;
        }
        try {
            JsonNode array = JSON.readTree(authorizationDetails);
            for (JsonNode detail : array) {
                types.add("An action of type “" + detail.path("type").asText("unknown") + "”");
            }
        } catch (IOException e) {
            types.add("An action the app cannot describe");
        }
        return types;
    }

    private static String lower(RequestState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
