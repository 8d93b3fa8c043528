// The engine's one public entry: tools outside the server (a verifier, a catalog linter, a
// province's own integration) import from here, never from deep paths, so the files behind it can
// move. Everything exported is pure: clock, ids, calendar and trust material are arguments.

// Procedures: lint, compile, the actions open to an official.
export { lintProcedure, lintProcedureText } from "./procedure/lint.js";
export { hasErrors, type Diagnostic, type Severity } from "./diagnostics.js";
export { compileProcedure, procedureKey, type CompiledProcedure } from "./compile.js";
export { availableActions, type AvailableAction } from "./available.js";

// Cases: intake and one step, with their typed errors.
export type { Actor, AuditEntry, CaseDocument, CaseState, EntryEffect, RegisterEntry } from "./case.js";
export { openCase, type IntakeInput, type IntakeContext } from "./intake.js";
export { duplicateFields, duplicateKey, type DuplicateKey } from "./duplicates.js";
export { applyAction, type ActionRequest, type ApplyContext, type ApplyResult, type Effect } from "./apply.js";
export { fireTimeout, pendingTimeout } from "./timeout.js";
export { recordApology } from "./apology.js";
export { computeFee, type CaseFee, type FeePayment } from "./fee.js";
export { checkApplicant, type Applicant, type NoticeChannel, type NoticeLanguage } from "./applicant.js";
export { checkPayment, recordPayment, type PaymentRequest } from "./payment.js";
// Rules as FEEL expressions (guards, branches, required-when; fees later): pure, the time passed in.
export { evaluate, type Evaluation, type ExpressionContext } from "./expression/evaluate.js";
export { ERROR_CODES, MotcuaError, isMotcuaError, type ErrorCode, type FieldError } from "./errors.js";

// Deadlines on the working-day calendar.
export type { WorkingCalendar } from "./calendar.js";
export { addWorkingDays, isWorkingDay, localDate } from "./calendar.js";
export { computeDue, deadlineStatus, type DeadlineStatus } from "./deadline.js";

// Signatures at checkpoints.
export { buildSigningPayload, payloadBytes, payloadDigest, type SigningPayload } from "./signature/payload.js";
export { verifySignature } from "./signature/verify.js";
export { reverify } from "./signature/reverify.js";
export type { SignatureEvidence, SignatureSubmission, TimestampEvidence, TrustStore, VerificationReport } from "./signature/types.js";
// Certificate path validation on its own (RFC 5280 §6.1/§6.3, OCSP), with its parsers.
export { validatePath, type PathValidationInput, type PathValidationReport } from "./signature/path-validation.js";
export { parseCertificate, parseCertificates, type Cert } from "./signature/certificate.js";
export { loadCrls, parseCrl, type Crl } from "./signature/crl.js";
export { loadOcsp, parseOcsp, type Ocsp } from "./signature/ocsp.js";

// The record: hash chain, the case it commits to, evidence bundles, the log and its proofs.
export { canonicalJson, hashJson, sha256Hex } from "./hash.js";
export { entryHeader, hashEntry, headerHash, verifyChain, type EntryHeader } from "./audit/entry.js";
export { caseStateHash, committedCase } from "./audit/case-state.js";
export { BUNDLE_FORMAT, type EvidenceBundle } from "./audit/bundle.js";
export { verifyBundle, type BundleReport, type VerifyBundleOptions } from "./audit/bundle-verify.js";
export type { Check, Finding } from "./audit/findings.js";
export { verifyPublicProof, type PublicProof, type ProofResult } from "./audit/public-proof.js";
export { publicResultOf, type PublicResult } from "./audit/public-result.js";
export { MerkleTree, leafHash, rootFromLeafHashes } from "./audit/merkle.js";
export { verifyConsistency, verifyInclusion } from "./audit/merkle-verify.js";
export { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from "./audit/checkpoint.js";
export { publicFactsOf, maskName } from "./public-facts.js";
