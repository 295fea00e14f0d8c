package dev.countersign.runtime.http;

import jakarta.enterprise.context.RequestScoped;

/** The agent of the current request, set by {@link AgentAuthenticationFilter}. */
@RequestScoped
public class CallingAgent {
    private String name;

    void set(String name) {
        this.name = name;
    }

    public String name() {
        if (name == null) {
            throw new IllegalStateException("no authenticated agent on this request");
        }
        return name;
    }
}
