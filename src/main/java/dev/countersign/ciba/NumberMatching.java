package dev.countersign.ciba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.AuthorizationDetailsType;
import dev.countersign.provider.AuthorizationDetailsTypes;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Number matching against prompt fatigue: when a request carries an {@code authorization_details}
 * type registered with {@code number-matching}, or its client registered {@code
 * countersign_number_matching} (issue 4: "per client or type"), its {@code binding_message} (which CIBA Core 1.0 §7.1
 * leaves to the client, and which the agent shows) must contain exactly one two-digit number. The
 * phone then shows three numbers, that one and two others, in a stable shuffled order, and hides the
 * number in the binding message: approving needs the right pick.
 */
@ApplicationScoped
class NumberMatching {
    /** A standalone number from 10 to 99. */
    private static final Pattern TWO_DIGITS = Pattern.compile("(?<![0-9])[1-9][0-9](?![0-9])");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthorizationDetailsTypes types;
    private final SecureRandom random = new SecureRandom();

    NumberMatching(AuthorizationDetailsTypes types) {
        this.types = types;
    }

    /** The three numbers to show ("12,47,83"), empty when number matching is off for this request. */
    Optional<String> choices(BackchannelRequest request) {
        if (!required(request)) {
            return Optional.empty();
        }
        int number = request.bindingMessage()
                .map(BindingMessage::value)
                .flatMap(m -> Optional.ofNullable(
                        expected(m).isPresent() ? expected(m).getAsInt() : null))
                .orElseThrow(() -> OAuthException.of(
                        OAuthError.INVALID_BINDING_MESSAGE,
                        "number matching is on for this request: binding_message must contain exactly one"
                                + " two-digit number (10-99) that the agent shows to the user"));
        List<Integer> shown = new ArrayList<>(List.of(number));
        while (shown.size() < 3) {
            int decoy = 10 + random.nextInt(90);
            if (!shown.contains(decoy)) {
                shown.add(decoy);
            }
        }
        Collections.shuffle(shown, random);
        return Optional.of(shown.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /** The number the user must pick: the only two-digit number in the binding message. */
    static OptionalInt expected(String bindingMessage) {
        Matcher m = TWO_DIGITS.matcher(bindingMessage);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        int number = Integer.parseInt(m.group());
        return m.find() ? OptionalInt.empty() : OptionalInt.of(number);
    }

    /** The binding message as the phone shows it: the number to match is hidden. */
    static String hideNumber(String bindingMessage) {
        return TWO_DIGITS.matcher(bindingMessage).replaceAll("••");
    }

    static List<Integer> parse(String stored) {
        if (stored == null) {
            return List.of();
        }
        return java.util.Arrays.stream(stored.split(",")).map(Integer::valueOf).toList();
    }

    /** Required by the client's registration, or by a type of its authorization_details. */
    private boolean required(BackchannelRequest request) {
        if (request.clientNumberMatching()) {
            return true;
        }
        if (request.authorizationDetails().isEmpty()) {
            return false;
        }
        try {
            for (JsonNode entry : JSON.readTree(request.authorizationDetails().get())) {
                if (types.find(entry.path("type").asText())
                        .map(AuthorizationDetailsType::numberMatching)
                        .orElse(false)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
