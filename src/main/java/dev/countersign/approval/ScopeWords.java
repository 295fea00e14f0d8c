package dev.countersign.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Says in plain words what each requested scope lets the agent do, for the approval screen. A scope
 * without a sentence of its own is named as it is, never dropped, so the user sees everything asked.
 */
public final class ScopeWords {
    private static final Map<String, String> SENTENCES = Map.of(
            "openid", "Confirm that it is you who approved",
            "profile", "See your name and profile",
            "email", "See your e-mail address",
            "phone", "See your phone number",
            "address", "See your postal address",
            "offline_access", "Keep acting for you after this request, until you revoke it");

    private ScopeWords() {}

    /** One sentence per scope value of the space-separated {@code scope}, in the order asked. */
    public static List<String> of(String scope) {
        List<String> sentences = new ArrayList<>();
        if (scope == null) {
            return sentences;
        }
        for (String value : scope.trim().split(" +")) {
            if (!value.isEmpty()) {
                sentences.add(SENTENCES.getOrDefault(value, "Use the permission “" + value + "”"));
            }
        }
        return sentences;
    }
}
