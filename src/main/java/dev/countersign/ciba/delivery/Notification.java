package dev.countersign.ciba.delivery;

/**
 * What one delivery posts: the JSON body and the {@code client_notification_token} sent as its
 * bearer token (CIBA Core 1.0 §10.2, §10.3). Both are secrets; {@link #toString} shows neither.
 */
record Notification(String bearer, String body) {
    @Override
    public String toString() {
        return "Notification[redacted]";
    }
}
