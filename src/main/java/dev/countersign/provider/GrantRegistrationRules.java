package dev.countersign.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.common.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * The registration rules of the grants around the CIBA grant (RFC 7591 §2: "the authorization server
 * MAY ... reject" inconsistent metadata): which combinations of {@code grant_types} and {@code scope}
 * make sense, and the RFC 8707 resources a client may name as the audience of its tokens.
 */
final class GrantRegistrationRules {
    static final int MAX_RESOURCES = 16;
    static final int MAX_URI = 2000;
    static final String RESOURCE_INDICATORS = "resource_indicators";

    private GrantRegistrationRules() {}

    /**
     * {@code refresh_token} only beside the CIBA grant (RFC 6749 §4.4.3: client credentials "A refresh
     * token SHOULD NOT be included"); {@code offline_access} (OIDC Core §11) only with the
     * {@code refresh_token} grant, and the other way round, so neither is registered in vain.
     */
    static void checkGrantsAndScopes(Set<String> grantTypes, Set<String> scopes) {
        boolean refresh = grantTypes.contains(Client.REFRESH_TOKEN_GRANT);
        if (refresh && !grantTypes.contains(Client.CIBA_GRANT)) {
            throw ProblemException.badRequest(
                    "grant_types: refresh_token needs urn:openid:params:grant-type:ciba, the grant that issues them");
        }
        if (refresh != scopes.contains(Client.OFFLINE_ACCESS)) {
            throw ProblemException.badRequest(
                    "scope offline_access and grant_types refresh_token must be registered together");
        }
    }

    // resource_indicators (OPTIONAL, a Countersign extension of RFC 7591 §2): RFC 8707 §2 resources
    static Set<String> resourceIndicators(JsonNode body) {
        Set<String> values = JsonMembers.strings(body, RESOURCE_INDICATORS, MAX_RESOURCES, MAX_URI)
                .orElse(Set.of());
        for (String value : values) {
            if (!isResourceIndicator(value)) {
                throw ProblemException.badRequest(
                        "resource_indicators must be absolute URIs without a fragment or space (RFC 8707 §2)");
            }
        }
        return values;
    }

    /**
     * RFC 8707 §2: "Its value MUST be an absolute URI ... The URI MUST NOT include a fragment component.
     * It SHOULD NOT include a query component, but it is recognized that there are cases that make a
     * query component a useful and necessary part of the resource parameter": a query is allowed.
     * Spaces are excluded so the list stores space-separated.
     */
    static boolean isResourceIndicator(String value) {
        if (value.isEmpty() || value.length() > MAX_URI || value.indexOf(' ') >= 0) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null && TextRules.isDisplaySafe(value);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
