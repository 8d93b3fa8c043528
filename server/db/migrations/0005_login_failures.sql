-- Failed local logins, to slow down password guessing (server/http/login-throttle.ts). Rows older
-- than the throttle window no longer count and are deleted at the next failed login of anyone.
create table login_failures (
  username text not null,
  at timestamptz not null
);
create index login_failures_by_username on login_failures (username, at);
create index login_failures_by_time on login_failures (at);
