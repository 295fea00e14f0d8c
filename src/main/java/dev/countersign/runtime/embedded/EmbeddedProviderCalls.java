package dev.countersign.runtime.embedded;

import dev.countersign.ciba.Acknowledgement;
import dev.countersign.ciba.BackchannelAuthentication;
import dev.countersign.ciba.BackchannelRequestValidator;
import dev.countersign.ciba.CibaGrant;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.Client;
import dev.countersign.provider.SenderConstraint;
import dev.countersign.provider.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The provider steps the runtime takes in-process, each in a transaction of its own exactly as
 * the endpoints run them: validate and start a backchannel request (the {@code /bc-authorize}
 * pipeline after client authentication), one CIBA grant token request, and the withdrawal of a request
 * whose run was cancelled. OAuth errors are answers:
 * what they recorded (a grown interval on {@code slow_down}) commits.
 */
@ApplicationScoped
class EmbeddedProviderCalls {
    private final BackchannelRequestValidator validator;
    private final BackchannelAuthentication authentication;
    private final CibaGrant grant;

    EmbeddedProviderCalls(
            BackchannelRequestValidator validator, BackchannelAuthentication authentication, CibaGrant grant) {
        this.validator = validator;
        this.authentication = authentication;
        this.grant = grant;
    }

    @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = OAuthException.class)
    Acknowledgement start(Client client, FormParameters parameters) {
        return authentication.start(validator.validate(client, parameters));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean withdraw(Client client, String authReqId) {
        return authentication.withdraw(client.clientId(), authReqId);
    }

    /** Joins the runtime's transaction when there is one: the tokens and the run's step commit together. */
    @Transactional(value = Transactional.TxType.REQUIRED, dontRollbackOn = OAuthException.class)
    TokenResponse token(Client client, FormParameters parameters, Optional<String> agent) {
        return grant.handle(client, parameters, SenderConstraint.NONE, agent);
    }
}
