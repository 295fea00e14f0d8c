-- The webhook of a run (runtime/RunWebhooks): one row per run that reached a final status with a
-- callback_url, inserted in the transaction of that status change, so a run is announced exactly
-- once (the primary key refuses a second row). The body is built from the run at each attempt (a
-- final run no longer changes). lease_until is set by the conditional update that claims an
-- attempt, so one attempt runs at a time across instances and restarts. Portable H2/PostgreSQL.
create table runtime_webhooks (
    run_id              varchar(36)   not null primary key,
    status              varchar(12)   not null,
    attempts            integer       not null,
    created_at          timestamp(6) with time zone not null,
    next_attempt_at     timestamp(6) with time zone not null,
    lease_until         timestamp(6) with time zone,
    finished_at         timestamp(6) with time zone,
    last_status         integer,
    last_error          varchar(500)
);
create index runtime_webhooks_due on runtime_webhooks (status, next_attempt_at);
