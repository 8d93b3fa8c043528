// Where the citizen's notices go (engine/notice.ts): notice.email to an SMTP server, notice.sms and
// notice.zalo to HTTP gateways (the operator's SMS brand-name provider, a Zalo ZNS relay), each
// receiving the usual outbox envelope with the notice (to, text...) as its payload. Configured by
// SMTP_URL, SMS_GATEWAY_URL, ZALO_GATEWAY_URL (server/config.ts); a channel left unset keeps its
// notices pending on their cases.
import type { NoticeConfig } from "../config.js";
import type { Targets } from "./targets.js";

export function noticeTargets(n: NoticeConfig): Targets {
  const out: Targets = {};
  if (n.smtpUrl) out["notice.email"] = { kind: "smtp", url: n.smtpUrl, from: n.emailFrom };
  const bearer = (token: string | undefined) => (token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (n.smsGatewayUrl) out["notice.sms"] = { url: n.smsGatewayUrl, ...bearer(n.smsGatewayToken) };
  if (n.zaloGatewayUrl) out["notice.zalo"] = { url: n.zaloGatewayUrl, ...bearer(n.zaloGatewayToken) };
  return out;
}
