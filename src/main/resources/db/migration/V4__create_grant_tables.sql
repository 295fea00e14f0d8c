-- The endpoints around the grant (issue 3): refresh token families with rotation, revoked access
-- tokens, and the resources (RFC 8707) a client may name as the audience of its tokens.
-- Refresh tokens are stored only as HMAC-SHA-256 hashes (base64url, 43 chars).

-- Space-separated absolute URIs; null means the client may only receive the default audience.
alter table clients add column resources varchar(4000);

-- One family per original grant (RFC 6749 §6 and the OAuth 2.0 Security BCP §4.14.2): every
-- refresh token of a rotation chain belongs to it, and revoking it kills every one of them.
create table refresh_token_families (
    id                      varchar(36)   not null primary key,
    client_id               varchar(64)   not null,
    user_sub                varchar(64)   not null,
    scope                   varchar(2000) not null,
    authorization_details   text,
    auth_time               timestamp(6) with time zone not null,
    created_at              timestamp(6) with time zone not null,
    expires_at              timestamp(6) with time zone not null,
    revoked_at              timestamp(6) with time zone
);
create index refresh_token_families_expiry on refresh_token_families (expires_at);

-- One row per refresh token issued. state: ACTIVE until redeemed once, then USED.
-- access_jti / access_expires_at name the access token issued in the same response, so that
-- revoking the family revokes it too (RFC 7009 §2.1).
create table refresh_tokens (
    token_hash              varchar(64)   not null primary key,
    family_id               varchar(36)   not null,
    state                   varchar(10)   not null,
    created_at              timestamp(6) with time zone not null,
    expires_at              timestamp(6) with time zone not null,
    used_at                 timestamp(6) with time zone,
    access_jti              varchar(64),
    access_expires_at       timestamp(6) with time zone
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_expiry on refresh_tokens (expires_at);

-- Access tokens (RFC 9068 JWTs) revoked before their exp, kept until that exp (RFC 7009 §2).
create table revoked_access_tokens (
    jti                     varchar(64)   not null primary key,
    client_id               varchar(64)   not null,
    revoked_at              timestamp(6) with time zone not null,
    expires_at              timestamp(6) with time zone not null
);
create index revoked_access_tokens_expiry on revoked_access_tokens (expires_at);
