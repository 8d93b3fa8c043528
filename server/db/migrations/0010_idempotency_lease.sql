-- An Idempotency-Key claim is a lease renewed by the claiming process's heartbeat
-- (server/cases/idempotency.ts): a claim whose process died is taken over once lease_until has
-- passed, and only the holder of claim_token may store the response. Rows claimed before this
-- migration have no lease and count as lapsed.
alter table idempotency_keys add column claim_token text;
alter table idempotency_keys add column lease_until timestamptz;
-- The heartbeat renews, and a failed request releases, its claims by token.
create index idempotency_keys_running on idempotency_keys (claim_token) where status is null;
