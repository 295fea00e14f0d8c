package dev.countersign.approval.http;

import jakarta.validation.constraints.Size;

/** The optional body of a denial: why, in the user's words (kept in the audit trail). */
record DenyBody(@Size(max = 500) String reason) {}
