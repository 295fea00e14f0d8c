-- Countersign core schema. Portable between H2 (the embedded default) and PostgreSQL.
-- Secrets, auth_req_ids and session ids are stored only as HMAC-SHA-256 hashes (base64url, 43 chars).

create table clients (
    client_id                   varchar(64)   not null primary key,
    secret_hash                 varchar(64),
    client_name                 varchar(200)  not null,
    token_endpoint_auth_method  varchar(40)   not null,
    grant_types                 varchar(1000) not null,
    scope                       varchar(2000) not null,
    delivery_mode               varchar(10)   not null,
    notification_endpoint       varchar(2000),
    jwks                        text,
    jwks_uri                    varchar(2000),
    authorization_details_types varchar(2000) not null,
    created_at                  timestamp(6) with time zone not null
);

-- username_key and email_key are the lower-cased forms under which usernames and e-mail
-- addresses are unique (portable: H2 has no expression indexes).
create table users (
    sub             varchar(64)  not null primary key,
    username        varchar(100) not null,
    username_key    varchar(100) not null,
    email           varchar(320),
    email_key       varchar(320),
    name            varchar(200),
    password_hash   varchar(200),
    failed_logins   integer      not null,
    locked_until    timestamp(6) with time zone,
    created_at      timestamp(6) with time zone not null,
    constraint users_username_unique unique (username_key),
    constraint users_email_unique unique (email_key)
);

create table backchannel_requests (
    id                          varchar(36)   not null primary key,
    auth_req_id_hash            varchar(64)   not null,
    client_id                   varchar(64)   not null,
    user_sub                    varchar(64)   not null,
    scope                       varchar(2000) not null,
    binding_message             varchar(1000),
    acr_values                  varchar(500),
    authorization_details       text,
    state                       varchar(10)   not null,
    created_at                  timestamp(6) with time zone not null,
    expires_at                  timestamp(6) with time zone not null,
    interval_seconds            integer       not null,
    next_poll_at                timestamp(6) with time zone,
    decided_at                  timestamp(6) with time zone,
    issued_at                   timestamp(6) with time zone,
    deny_reason                 varchar(500),
    constraint backchannel_requests_auth_req_id_unique unique (auth_req_id_hash)
);
create index backchannel_requests_user_state on backchannel_requests (user_sub, state);
create index backchannel_requests_expiry on backchannel_requests (state, expires_at);

create table signing_keys (
    kid                     varchar(64)  not null primary key,
    alg                     varchar(10)  not null,
    public_jwk              text         not null,
    private_key_encrypted   text         not null,
    created_at              timestamp(6) with time zone not null,
    activates_at            timestamp(6) with time zone not null
);

create table sessions (
    id_hash         varchar(64) not null primary key,
    user_sub        varchar(64) not null,
    csrf_hash       varchar(64) not null,
    created_at      timestamp(6) with time zone not null,
    expires_at      timestamp(6) with time zone not null
);
create index sessions_user on sessions (user_sub);
create index sessions_expiry on sessions (expires_at);

-- Append-only. Rows are written unsealed (chain_seq null) in the transaction of the business
-- change they describe, then sealed into the hash chain in commit order by AuditSealer.
create table audit_events (
    id              varchar(36)  not null primary key,
    occurred_at     timestamp(6) with time zone not null,
    type            varchar(60)  not null,
    outcome         varchar(20)  not null,
    actor           varchar(200),
    client_id       varchar(64),
    user_sub        varchar(64),
    subject         varchar(200),
    detail          text,
    chain_seq       bigint,
    prev_hash       varchar(64),
    hash            varchar(64),
    constraint audit_events_chain_seq_unique unique (chain_seq)
);
create index audit_events_occurred on audit_events (occurred_at);
create index audit_events_unsealed on audit_events (chain_seq, occurred_at);

-- One row: the head of the audit chain, locked while sealing so instances seal one at a time.
create table audit_chain_head (
    id              integer     not null primary key,
    last_seq        bigint      not null,
    last_hash       varchar(64) not null
);
insert into audit_chain_head (id, last_seq, last_hash) values (1, 0, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');

-- Small named facts of the installation, e.g. the hash of the admin token.
create table installation_settings (
    name            varchar(100) not null primary key,
    setting_value   text         not null
);
