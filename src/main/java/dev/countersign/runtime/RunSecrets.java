package dev.countersign.runtime;

import dev.countersign.common.MasterKey;
import dev.countersign.common.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Seals what a run must keep but never show: the provider's {@code auth_req_id} (needed for every
 * poll) and, for {@code mode: token}, the token response until the agent has read it. Each is bound
 * to its run by the associated data, so a sealed value cannot be moved to another row.
 */
@ApplicationScoped
public class RunSecrets {
    private final SecretBox box;

    public RunSecrets(MasterKey masterKey) {
        this.box = SecretBox.forPurpose(masterKey, "runtime-run");
    }

    public String sealAuthReqId(String runId, String authReqId) {
        return box.seal(authReqId, "auth_req_id:" + runId);
    }

    public String openAuthReqId(String runId, String sealed) {
        return box.openString(sealed, "auth_req_id:" + runId);
    }

    public String sealToken(String runId, String tokenResponse) {
        return box.seal(tokenResponse, "token:" + runId);
    }

    public String openToken(String runId, String sealed) {
        return box.openString(sealed, "token:" + runId);
    }
}
