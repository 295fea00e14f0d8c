package dev.countersign.ciba;

/**
 * The successful answer of the backchannel authentication endpoint (CIBA Core 1.0 §7.3).
 *
 * @param authReqId the opaque identifier the client polls with; known only to the client
 * @param expiresIn seconds until the request expires
 * @param interval the minimum seconds between two token requests
 */
public record Acknowledgement(String authReqId, long expiresIn, int interval) {}
