package dev.countersign.audit;

import java.util.Map;

/**
 * One thing that happened, as the audit trail records it: who did what to which subject, and how it
 * ended. Never carries a secret (no client secret, token, {@code auth_req_id} or password).
 *
 * @param type dotted event name, e.g. {@code backchannel.requested}, {@code token.issued}
 * @param outcome {@code success}, {@code failure} or {@code error} (a client error answered)
 * @param actor who acted: {@code client:<id>}, {@code user:<sub>}, {@code admin} or {@code system}
 * @param subject what it acted on, e.g. {@code request:<public id>}
 * @param detail small non-secret facts (error code, scope, …)
 */
public record AuditEvent(
        String type,
        String outcome,
        String actor,
        String clientId,
        String userSub,
        String subject,
        Map<String, String> detail) {

    public static AuditEvent success(String type, String actor, String clientId, String userSub, String subject) {
        return new AuditEvent(type, "success", actor, clientId, userSub, subject, Map.of());
    }

    public AuditEvent withDetail(Map<String, String> more) {
        return new AuditEvent(type, outcome, actor, clientId, userSub, subject, more);
    }
}
