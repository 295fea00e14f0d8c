-- Ping and push delivery (CIBA Core 1.0 §10.2, §10.3, §12). Portable between H2 and PostgreSQL.

-- The delivery mode of the client when the request was made (null: poll), and for ping and push
-- the auth_req_id and client_notification_token sealed with AES-256-GCM under a key derived from
-- the master key: both must be sent back to the client, so a hash would not do. Erased once the
-- notification is delivered.
alter table backchannel_requests add column delivery_mode varchar(10);
alter table backchannel_requests add column notification_secrets text;
create index backchannel_requests_notify_expiry on backchannel_requests (delivery_mode, state, expires_at);

-- One notification per request (its result: tokens, a ping or an error), durable until delivered.
-- payload holds the sealed body and bearer token; erased once delivered. lease_until is set by the
-- conditional update that claims an attempt, so one attempt runs at a time across instances.
create table delivery_jobs (
    id                  varchar(36)   not null primary key,
    request_id          varchar(36)   not null,
    client_id           varchar(64)   not null,
    user_sub            varchar(64)   not null,
    mode                varchar(10)   not null,
    kind                varchar(40)   not null,
    endpoint            varchar(2000) not null,
    payload             text,
    status              varchar(12)   not null,
    attempts            integer       not null,
    created_at          timestamp(6) with time zone not null,
    next_attempt_at     timestamp(6) with time zone not null,
    lease_until         timestamp(6) with time zone,
    finished_at         timestamp(6) with time zone,
    last_error          varchar(500),
    constraint delivery_jobs_request_unique unique (request_id)
);
create index delivery_jobs_due on delivery_jobs (status, next_attempt_at);
