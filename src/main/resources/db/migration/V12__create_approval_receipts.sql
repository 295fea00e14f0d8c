-- High-risk approvals with a passkey (issue 4).
-- approval_challenges: one single-use challenge per (request, user). The WebAuthn challenge is
-- SHA-256(display_hash || nonce); the nonce is public (it is sent to the phone) and is deleted by the
-- conditional delete that consumes it, so a captured assertion cannot be replayed.
create table approval_challenges (
    id              varchar(43)  not null primary key,
    request_id      varchar(36)  not null,
    user_sub        varchar(64)  not null,
    expires_at      timestamp(6) with time zone not null
);
create index approval_challenges_request on approval_challenges (request_id, user_sub);

-- approval_receipts: the passkey assertion that approved a high-risk request, kept so that it can be
-- verified later (signature against the passkey's public key, challenge against display_hash).
-- Binary fields are base64url as the browser sent them; shown is the canonical JSON of what was shown.
create table approval_receipts (
    id                  varchar(32)   not null primary key,
    request_id          varchar(36)   not null,
    user_sub            varchar(64)   not null,
    credential_id       varchar(1400) not null,
    authenticator_data  text          not null,
    client_data_json    text          not null,
    signature           text          not null,
    display_hash        varchar(43)   not null,
    nonce               varchar(43)   not null,
    shown               text          not null,
    created_at          timestamp(6) with time zone not null,
    constraint approval_receipts_request_unique unique (request_id)
);

-- How the user approved, written by the approval's conditional update and put into the tokens.
alter table backchannel_requests add column acr varchar(100);
alter table backchannel_requests add column amr varchar(200);
alter table backchannel_requests add column receipt_id varchar(32);
