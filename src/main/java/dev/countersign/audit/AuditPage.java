package dev.countersign.audit;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of the audit trail, in chain order.
 *
 * @param next the {@code after} value that fetches the next page, absent on the last page
 */
public record AuditPage(List<SealedEvent> events, OptionalLong next) {}
