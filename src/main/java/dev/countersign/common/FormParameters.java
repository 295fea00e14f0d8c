package dev.countersign.common;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} body, parsed strictly: RFC 6749
 * §3.1 says request parameters "MUST NOT be included more than once" and "sent without a value
 * MUST be treated as if they were omitted"; a body that is too large, wrongly percent-encoded or
 * not UTF-8 is an {@code invalid_request}, never a server error.
 */
public final class FormParameters {
    /** Larger than any legitimate request to these endpoints, far below what would hurt the server. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * The one parameter a spec allows to repeat: RFC 8707 §2 "Multiple "resource" parameters MAY be
     * used to indicate that the requested token is intended to be used at multiple resources."
     */
    public static final String RESOURCE = "resource";

    private final Map<String, String> values;
    private final List<String> resources;

    private FormParameters(Map<String, String> values, List<String> resources) {
        this.values = Collections.unmodifiableMap(values);
        this.resources = List.copyOf(resources);
    }

    public static FormParameters parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new FormParameters(Map.of(), List.of());
        }
        if (body.length > MAX_BODY_BYTES) {
            throw OAuthException.invalidRequest("the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        String ascii = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, String> values = new LinkedHashMap<>();
        List<String> resources = new ArrayList<>();
        for (String pair : ascii.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (RESOURCE.equals(name)) {
                resources.add(value);
            }
            if (values.containsKey(name) && !RESOURCE.equals(name)) {
                throw OAuthException.invalidRequest("parameter " + safeName(name) + " is repeated");
            }
            values.put(name, value);
        }
        values.values().removeIf(String::isEmpty);
        return new FormParameters(values, resources);
    }

    /** The parameter's value, absent when it was not sent or sent empty. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Every {@code resource} parameter (RFC 8707 §2), empty values included, in order. */
    public List<String> resources() {
        return resources;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, String> asMap() {
        return values;
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw OAuthException.invalidRequest("the body has a truncated percent-encoding");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw OAuthException.invalidRequest("the body has an invalid percent-encoding");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthException.invalidRequest("the body is not valid UTF-8");
        }
    }

    private static String safeName(String name) {
        return name.length() <= 40 && name.chars().allMatch(c -> c >= 0x21 && c < 0x7f) ? name : "(unprintable)";
    }
}
