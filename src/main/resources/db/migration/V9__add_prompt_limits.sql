-- Push-bombing defences (ADR 0005). Portable between H2 and PostgreSQL.

-- Identical pending requests (same client, user, scope, binding message and details) are collapsed:
-- a SHA-256 of those fields, looked up with the state.
alter table backchannel_requests add column request_fingerprint varchar(64);
create index backchannel_requests_fingerprint on backchannel_requests (request_fingerprint, state);

-- Number matching: the three numbers the phone shows ("12,47,83"), null when it is off.
alter table backchannel_requests add column number_choices varchar(20);

-- One fixed-window counter per user ("user:<sub>") and per client ("client:<id>"). A request is
-- admitted by one conditional update of the row, so concurrent instances never admit more than the limit.
create table prompt_limit_windows (
    limit_key       varchar(200) not null primary key,
    window_start    timestamp(6) with time zone not null,
    request_count   integer      not null
);
