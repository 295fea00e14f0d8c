package dev.countersign.provider;

/**
 * A client just registered, with its secret: the only moment the secret exists in clear (RFC 7591
 * §3.2.1); only its hash is stored (and, for client_secret_jwt, a sealed copy: ADR 0004). The secret
 * is null for a private_key_jwt client, which has none.
 */
public record RegisteredClient(Client client, String clientSecret) {
    @Override
    public String toString() {
        return "RegisteredClient[" + client.clientId() + "]";
    }
}
