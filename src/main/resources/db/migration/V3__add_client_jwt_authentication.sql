-- Client authentication with JWTs (RFC 7523, OIDC Core §9) and signed authentication requests
-- (CIBA Core 1.0 §7.1.1). Portable between H2 and PostgreSQL.

-- client_secret_jwt needs the raw secret to check an HMAC: AES-256-GCM under a key derived from the
-- master key (ADR 0004); null for every other method.
alter table clients add column secret_encrypted varchar(500);
-- OIDC Dynamic Client Registration §2 token_endpoint_auth_signing_alg, CIBA Core 1.0 §4
-- backchannel_authentication_request_signing_alg; null when the client registered none.
alter table clients add column token_endpoint_auth_signing_alg varchar(10);
alter table clients add column request_signing_alg varchar(10);

-- JWT IDs already used (client assertions and signed requests), as HMAC-SHA-256 of client id and
-- jti. The primary key makes a replay fail on every instance sharing the database; rows are kept
-- until the JWT they came from has expired.
create table used_jwt_ids (
    id_hash     varchar(64) not null primary key,
    expires_at  timestamp(6) with time zone not null
);
create index used_jwt_ids_expiry on used_jwt_ids (expires_at);
