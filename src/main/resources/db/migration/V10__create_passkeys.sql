-- Passkeys (WebAuthn credentials) of approval app users. credential_id is the base64url credential
-- id the authenticator chose (public, used to look the key up at sign-in); public_key is the X.509
-- SubjectPublicKeyInfo encoding of the credential public key, base64. A user may have several.
create table passkeys (
    id              varchar(32)   not null primary key,
    credential_id   varchar(1400) not null,
    user_sub        varchar(64)   not null,
    name            varchar(60)   not null,
    aaguid          varchar(36)   not null,
    public_key      varchar(2000) not null,
    public_key_alg  bigint        not null,
    sign_count      bigint        not null,
    created_at      timestamp(6) with time zone not null,
    last_used_at    timestamp(6) with time zone,
    constraint passkeys_credential_id_unique unique (credential_id)
);
create index passkeys_user_sub on passkeys (user_sub);
