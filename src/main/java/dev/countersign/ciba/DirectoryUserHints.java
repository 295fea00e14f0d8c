package dev.countersign.ciba;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.common.OAuthException;
import dev.countersign.common.ServiceConfig;
import dev.countersign.provider.Client;
import dev.countersign.provider.IdTokenHints;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Resolves CIBA hints against the user directory. A {@code login_hint} is a username, an e-mail
 * address or a sub, or a JSON subject identifier (RFC 9493) in the {@code iss_sub}, {@code email}
 * or {@code opaque} format, which is how Auth0's SDKs send it. An {@code id_token_hint} must be an
 * ID token this provider issued to the requesting client; it may have expired (CIBA Core 1.0 §7.1).
 */
@ApplicationScoped
class DirectoryUserHints implements UserHints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Users users;
    private final IdTokenHints idTokenHints;
    private final ServiceConfig service;

    DirectoryUserHints(Users users, IdTokenHints idTokenHints, ServiceConfig service) {
        this.users = users;
        this.idTokenHints = idTokenHints;
        this.service = service;
    }

    @Override
    public Optional<String> fromLoginHint(String loginHint) {
        if (loginHint.startsWith("{")) {
            return fromSubjectIdentifier(loginHint);
        }
        return users.resolveLoginHint(loginHint).map(User::sub);
    }

    @Override
    public Optional<String> fromIdTokenHint(String idTokenHint, Client client) {
        String sub = idTokenHints
                .subjectOf(idTokenHint, client.clientId())
                .orElseThrow(() -> OAuthException.invalidRequest(
                        "id_token_hint is not an ID token this provider issued to this client"));
        return users.findBySub(sub).map(User::sub);
    }

    private Optional<String> fromSubjectIdentifier(String json) {
        JsonNode id = parse(json);
        String format = text(id, "format");
        return switch (format) {
            case "iss_sub" -> {
                if (!sameIssuer(text(id, "iss"))) {
                    yield Optional.empty();
                }
                yield users.findBySub(text(id, "sub")).map(User::sub);
            }
            case "email" -> users.resolveLoginHint(text(id, "email")).map(User::sub);
            case "opaque" -> users.findBySub(text(id, "id")).map(User::sub);
            default ->
                throw OAuthException.invalidRequest(
                        "login_hint uses a subject identifier format this provider does not support");
        };
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw OAuthException.invalidRequest("login_hint is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw OAuthException.invalidRequest("login_hint starts with { but is not valid JSON");
        }
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw OAuthException.invalidRequest("login_hint subject identifier lacks a string " + member);
        }
        return value.asText();
    }

    private boolean sameIssuer(String iss) {
        return stripSlash(iss).equals(stripSlash(service.issuer().toString()));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
