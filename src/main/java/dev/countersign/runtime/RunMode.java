package dev.countersign.runtime;

/** What the runtime does once the user approves. */
public enum RunMode {
    /** Calls the action's target with the delegated token; the token never leaves the service. */
    execute,
    /** Hands the token response to the agent once, then forgets it. */
    token
}
