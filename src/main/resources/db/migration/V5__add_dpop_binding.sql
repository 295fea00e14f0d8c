-- DPoP (RFC 9449): proofs seen, for replay detection, and the per-client requirement.
-- A proof is stored only as the HMAC of its key thumbprint and jti (base64url, 43 chars); the primary
-- key refuses a second use, also across instances sharing the database.
create table dpop_proofs (
    jti_hash    varchar(64) not null primary key,
    expires_at  timestamp(6) with time zone not null
);
create index dpop_proofs_expiry on dpop_proofs (expires_at);

-- RFC 9449 §5.2 dpop_bound_access_tokens: the client always uses DPoP for token requests.
alter table clients add column dpop_bound_access_tokens boolean default false not null;

-- RFC 9449 §5: a refresh token family started with a DPoP proof is bound to that key's thumbprint.
alter table refresh_token_families add column dpop_jkt varchar(64);
