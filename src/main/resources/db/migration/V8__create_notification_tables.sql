-- Notifications to the user's phone (Web Push, RFC 8030/8291/8292) and to the operator's webhook.
-- Portable between H2 and PostgreSQL.

-- A user's registered devices. The push subscription (endpoint, p256dh, auth) is sealed with
-- AES-256-GCM under a key derived from the master key (the endpoint is a capability: whoever knows
-- it and the keys can wake the phone); endpoint_hash (HMAC-SHA-256) finds a re-registration.
create table devices (
    id              varchar(36)  not null primary key,
    user_sub        varchar(64)  not null,
    kind            varchar(20)  not null,
    name            varchar(60)  not null,
    endpoint_hash   varchar(64)  not null,
    subscription    text         not null,
    created_at      timestamp(6) with time zone not null,
    last_used_at    timestamp(6) with time zone,
    constraint devices_user_endpoint_unique unique (user_sub, endpoint_hash)
);
create index devices_user on devices (user_sub);

-- One notification of one request through one channel to one target (a device id, or the
-- webhook), durable until sent. payload is sealed and erased once sent. lease_until is set by the
-- conditional update that claims an attempt, so one attempt runs at a time across instances.
create table notification_jobs (
    id                  varchar(36)   not null primary key,
    channel             varchar(20)   not null,
    request_id          varchar(36)   not null,
    user_sub            varchar(64)   not null,
    target              varchar(36)   not null,
    payload             text,
    status              varchar(12)   not null,
    attempts            integer       not null,
    created_at          timestamp(6) with time zone not null,
    expires_at          timestamp(6) with time zone not null,
    next_attempt_at     timestamp(6) with time zone not null,
    lease_until         timestamp(6) with time zone,
    finished_at         timestamp(6) with time zone,
    last_error          varchar(500)
);
create index notification_jobs_due on notification_jobs (status, next_attempt_at);

-- The VAPID key pair (RFC 8292) shared by every instance: one row, created by whichever instance
-- starts first (the primary key makes a second insert fail). private_key is sealed.
create table webpush_keys (
    id              varchar(20)  not null primary key,
    public_key      varchar(100) not null,
    private_key     text         not null,
    created_at      timestamp(6) with time zone not null
);
