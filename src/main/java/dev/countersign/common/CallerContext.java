package dev.countersign.common;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, as far as the current HTTP request has established it: the authenticated OAuth
 * client and, where known, the user. Read by the audit trail when it records an error answer.
 */
@RequestScoped
public class CallerContext {
    private String clientId;
    private String userSub;

    public String clientId() {
        return clientId;
    }

    public void clientAuthenticated(String clientId) {
        this.clientId = clientId;
    }

    public String userSub() {
        return userSub;
    }

    public void userKnown(String userSub) {
        this.userSub = userSub;
    }
}
