// "Check a result", for anyone, signed in or not: the case code and the digest printed on a
// result (typed, or in the URL a QR code holds) are sent to GET /public/results/{code}/{digest},
// and the answer says whether the result was signed and its record is intact. After a submit the
// keyboard focus moves to the answer's heading (or to the digest when the server refuses it), so
// a screen reader reads the verdict at once.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { navigate } from "../lib/router.js";
import { useAsync } from "../lib/use-async.js";
import { checkHref, normalizeCode, normalizeDigest } from "../lib/check-link.js";
import type { PublicResultResponse } from "../lib/types.js";
import { ErrorBox, PageTitle } from "../components/ui.js";
import { CheckAnswer } from "../components/CheckAnswer.js";
import { checkInBrowser, type BrowserCheck } from "../lib/public-proof.js";

type Answer = { key: string; result?: PublicResultResponse; error?: unknown };

export function CheckPage(p: { code?: string; digest?: string; timeZone: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState(p.code ?? "");
  const [digest, setDigest] = useState(p.digest ?? "");
  const [missing, setMissing] = useState<{ code?: boolean; digest?: boolean }>({});
  // Checking the same pair again is a new attempt (the log may have published a checkpoint since).
  const [attempt, setAttempt] = useState(0);
  const focusWhen = useRef<string | null>(null);
  const asked = p.code !== undefined && p.digest !== undefined;
  const key = `${p.code}\n${p.digest}\n${attempt}`;

  // A link followed while on this page (another QR code) fills the form with its pair.
  useEffect(() => {
    setCode(p.code ?? "");
    setDigest(p.digest ?? "");
  }, [p.code, p.digest]);

  const q = useAsync<Answer | undefined>(async () => {
    if (!asked) return undefined;
    try {
      return { key, result: await api.get<PublicResultResponse>(`/public/results/${encodeURIComponent(p.code!)}/${encodeURIComponent(p.digest!)}`) };
    } catch (error) {
      return { key, error };
    }
  }, [key]);
  const answer = !q.loading && q.data?.key === key ? q.data : undefined;
  // The answer's proof, rechecked here against the log's key (not on the server's word).
  const [browserCheck, setBrowserCheck] = useState<BrowserCheck>({ state: "checking" });
  useEffect(() => {
    const result = answer?.result;
    if (!result) return;
    setBrowserCheck({ state: "checking" });
    let live = true;
    checkInBrowser(result.proof, result.digest)
      .then((r) => live && setBrowserCheck(r))
      .catch(() => live && setBrowserCheck({ state: "failed", reason: "proof.unavailable", keyId: "" }));
    return () => {
      live = false;
    };
  }, [answer]);
  const error = answer?.error;
  const badDigest = error instanceof ApiError && error.code === "request.invalid" && error.errors.some((e) => e.pointer === "/path/digest");
  const notFound = error instanceof ApiError && error.code === "result.not_found";

  useEffect(() => {
    if (!answer || focusWhen.current !== answer.key) return;
    focusWhen.current = null;
    document.getElementById(badDigest ? "check-digest" : "check-answer-h")?.focus();
  }, [answer, badDigest]);

  const submit = (e: Event) => {
    e.preventDefault();
    const c = normalizeCode(code);
    const d = normalizeDigest(digest);
    const gaps = { code: !c, digest: !d };
    setMissing(gaps);
    if (gaps.code || gaps.digest) {
      document.getElementById(gaps.code ? "check-code" : "check-digest")?.focus();
      return;
    }
    setCode(c);
    setDigest(d);
    const same = c === p.code && d === p.digest;
    focusWhen.current = `${c}\n${d}\n${same ? attempt + 1 : attempt}`;
    if (same) setAttempt(attempt + 1);
    else navigate(checkHref(c, d).slice(1));
  };

  const digestError = missing.digest ? t("rule.required") : badDigest ? t("public.digestInvalid") : null;
  return (
    <article class="check-page" aria-labelledby="page-h1">
      <PageTitle>{t("public.title")}</PageTitle>
      <p class="check-intro">{t("public.intro")}</p>
      <form class="panel check-form" onSubmit={submit} noValidate>
        <TextField id="check-code" name="code" label={t("public.code")} hint={t("public.codeHint")} error={missing.code ? t("rule.required") : null} value={code} onInput={setCode} />
        <TextField id="check-digest" name="digest" mono label={t("public.digest")} hint={t("public.digestHint")} error={digestError} value={digest} onInput={setDigest} />
        <button type="submit" class="btn btn-primary">
          {t("public.submit")}
        </button>
      </form>
      {asked && !answer && (
        <p class="loading" role="status">
          {t("public.checking")}
        </p>
      )}
      {answer?.result && <CheckAnswer r={answer.result} timeZone={p.timeZone} browserCheck={browserCheck} />}
      {notFound && (
        <section class="panel check-answer verify-fail" aria-labelledby="check-answer-h" data-testid="check-not-found">
          <h2 id="check-answer-h" tabIndex={-1}>
            <span aria-hidden="true">✗ </span>
            {t("public.notFound")}
          </h2>
          <p>{t("err.result.not_found")}</p>
        </section>
      )}
      {error !== undefined && !notFound && !badDigest && <ErrorBox error={error} />}
    </article>
  );
}

/** A labelled one-line field with its hint and, when there is one, its error (announced with the field). */
export function TextField(p: { id: string; name: string; label: string; hint: string; error: string | null; value: string; mono?: boolean; onInput(v: string): void }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id}
        name={p.name}
        class={p.mono ? "mono" : undefined}
        autoComplete="off"
        spellcheck={false}
        required
        value={p.value}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${p.id}-hint ${p.id}-error` : `${p.id}-hint`}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
      <p class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </p>
      {p.error && (
        <p class="field-error" id={`${p.id}-error`} data-testid={`${p.id}-error`}>
          {p.error}
        </p>
      )}
    </div>
  );
}
