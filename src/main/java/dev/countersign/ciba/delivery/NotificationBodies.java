package dev.countersign.ciba.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.provider.TokenResponse;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON bodies CIBA Core 1.0 posts to a client notification endpoint (§10.2, §10.3.1, §12). */
@Singleton
class NotificationBodies {
    private final ObjectMapper json;

    NotificationBodies(ObjectMapper json) {
        this.json = json;
    }

    /** §10.2: "The POST body ... MUST include the auth_req_id"; and nothing else: no tokens. */
    String ping(String authReqId) {
        return write(Map.of("auth_req_id", authReqId));
    }

    /**
     * §10.3.1: the token response of §10.1.1 (access_token, token_type, expires_in, id_token,
     * refresh_token when issued, scope) plus "auth_req_id: REQUIRED".
     */
    String tokens(String authReqId, TokenResponse tokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("auth_req_id", authReqId);
        body.put("access_token", tokens.accessToken());
        body.put("token_type", tokens.tokenType());
        body.put("expires_in", tokens.expiresIn());
        putIfPresent(body, "refresh_token", tokens.refreshToken());
        putIfPresent(body, "id_token", tokens.idToken());
        putIfPresent(body, "scope", tokens.scope());
        return write(body);
    }

    /** §12 Push Error Payload: {@code auth_req_id}, {@code error}, {@code error_description}. */
    String error(String authReqId, PushError error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("auth_req_id", authReqId);
        body.put("error", error.code());
        body.put("error_description", description);
        return write(body);
    }

    private static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private String write(Map<String, ?> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification body", e);
        }
    }

    /** The three error codes §12 allows in a push error payload. */
    enum PushError {
        /** "The end-user denied the authorization request." */
        ACCESS_DENIED("access_denied"),
        /** "The auth_req_id has expired." */
        EXPIRED_TOKEN("expired_token"),
        /** "The OpenID Provider encountered an unexpected condition that prevented it from successfully completing the transaction." */
        TRANSACTION_FAILED("transaction_failed");

        private final String code;

        PushError(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
