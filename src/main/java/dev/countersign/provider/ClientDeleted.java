package dev.countersign.provider;

/**
 * Fired, inside the deleting transaction, when an operator deletes a client, so that other features
 * stop acting for it (e.g. pending ping and push deliveries are cancelled rather than sent to the
 * endpoint of a client that no longer exists).
 */
public record ClientDeleted(String clientId) {}
