-- Delivery of outbox messages to other systems (server/outbox/): a claim with a lease, so several
-- processes share the work and a crashed process's claim expires, and a retry time with backoff.
alter table outbox add column next_attempt_at timestamptz;
alter table outbox add column locked_until timestamptz;
alter table outbox add column locked_by text;
create index outbox_by_case on outbox (case_id, created_at);
