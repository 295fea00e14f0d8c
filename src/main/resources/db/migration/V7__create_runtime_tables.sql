-- The agent runtime (runtime/): actions defined through the admin API, agents' API keys, runs and
-- the runtime's own settings. Portable between H2 and PostgreSQL.

-- Actions created through /admin/actions (those from configuration are not stored). definition is
-- the action's JSON as the operator gave it, validated before it is stored.
create table runtime_actions (
    name                varchar(64)   not null primary key,
    definition          text          not null,
    created_at          timestamp(6) with time zone not null
);

-- API keys of agents: only the HMAC of the key is stored (common/SecretHasher); prefix is the
-- recognisable start of the key, kept to tell keys apart in listings.
create table runtime_api_keys (
    id                  varchar(36)   not null primary key,
    key_hash            varchar(64)   not null,
    prefix              varchar(20)   not null,
    agent               varchar(64)   not null,
    created_at          timestamp(6) with time zone not null,
    last_used_at        timestamp(6) with time zone,
    revoked_at          timestamp(6) with time zone,
    constraint runtime_api_keys_hash_unique unique (key_hash)
);

-- One run: an agent's request to perform an action for a user once the user approves. status moves
-- only through conditional updates (RunStatus). auth_req_id is sealed (it must be sent back to the
-- provider); its hash finds the run when the embedded provider reports a decision. lease_until is
-- set by the conditional update that claims a poll or an execution, so one instance works on a run at
-- a time. target_* are what the user approved, fixed when the run is created. token_sealed holds a token response for mode=token until the agent has read it once.
create table runtime_runs (
    id                  varchar(36)   not null primary key,
    agent               varchar(64)   not null,
    action              varchar(64)   not null,
    user_name           varchar(320)  not null,
    params              text          not null,
    mode                varchar(10)   not null,
    status              varchar(20)   not null,
    reason              varchar(200),
    binding_message     varchar(500),
    idempotency_key     varchar(200),
    request_hash        varchar(64)   not null,
    callback_url        varchar(2000),
    target_method       varchar(10)   not null,
    target_url          varchar(4000) not null,
    timeout_millis      bigint        not null,
    max_response_bytes  integer       not null,
    auth_req_id_hash    varchar(64),
    auth_req_id_sealed  text,
    interval_seconds    integer       not null,
    created_at          timestamp(6) with time zone not null,
    expires_at          timestamp(6) with time zone not null,
    next_poll_at        timestamp(6) with time zone,
    lease_until         timestamp(6) with time zone,
    finished_at         timestamp(6) with time zone,
    target_status       integer,
    target_headers      text,
    target_body         text,
    token_sealed        text,
    constraint runtime_runs_idempotency_unique unique (agent, idempotency_key)
);
create index runtime_runs_due on runtime_runs (status, next_poll_at);
create index runtime_runs_auth_req_id on runtime_runs (auth_req_id_hash);

-- Small facts the runtime keeps about itself, e.g. the client id it holds at the embedded provider.
create table runtime_settings (
    name                varchar(64)   not null primary key,
    setting_value       varchar(500)  not null
);
