package dev.countersign.provider;

/**
 * A client as client authentication needs it: its metadata, and what verifies its credentials (the
 * hash of its secret and, for client_secret_jwt, the sealed secret, ADR 0004), or nulls.
 */
record StoredClient(Client client, String secretHash, String secretEncrypted) {
    @Override
    public String toString() {
        return "StoredClient[" + client.clientId() + "]";
    }
}
