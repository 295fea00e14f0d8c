-- The approval side's open gaps (issue 4, and the no-device status of issue 5). Portable between H2
-- and PostgreSQL.

-- When the request reached no device: no channel (Web Push device, webhook) had a target for it when it
-- was made, or every push subscription it was sent to was gone (404/410). Null while a device may know.
alter table backchannel_requests add column unreached_at timestamp(6) with time zone;

-- countersign_number_matching: every request of this client needs number matching (besides the
-- per-type setting of the authorization_details registry).
alter table clients add column number_matching boolean default false not null;

-- The cleanup of expired challenges and stale prompt-limit windows looks them up by time.
create index approval_challenges_expiry on approval_challenges (expires_at);
create index prompt_limit_windows_start on prompt_limit_windows (window_start);
