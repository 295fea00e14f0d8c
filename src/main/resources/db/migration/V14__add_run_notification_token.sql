-- The client_notification_token (CIBA Core 1.0 §7.1) a run sent to an external provider that pings
-- the runtime (countersign.runtime.external-ping): only its HMAC (common/SecretHasher) is stored, and
-- the ping endpoint (runtime/http/ClientNotificationResource) finds the run by auth_req_id_hash, then compares the
-- presented bearer token with this hash in constant time. Null for runs of a provider that does not
-- ping over HTTP. Portable H2/PostgreSQL.
alter table runtime_runs add column notification_token_hash varchar(64);
