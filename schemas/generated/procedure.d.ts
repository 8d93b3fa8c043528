/* Generated from schemas/procedure.schema.json by `npm run gen:types`. Do not edit. */

/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "FeeRule".
 */
export type FeeRule =
  | {
      kind: "free";
      note?: LocalizedText;
    }
  | {
      kind: "flat";
      amount: Money;
      note?: LocalizedText;
      /**
       * Exemptions and reductions, evaluated at intake; the case records the one applied.
       *
       * @minItems 1
       */
      exemptions?: FeeExemption[];
    }
  | {
      kind: "per-unit";
      amount: Money;
      unit: LocalizedText;
      /**
       * JSON pointer into the form data holding the quantity, e.g. /copies.
       */
      quantityField: string;
      cap?: Money;
      note?: LocalizedText;
      /**
       * Exemptions and reductions, evaluated at intake; the case records the one applied.
       *
       * @minItems 1
       */
      exemptions?: FeeExemption[];
    };
/**
 * An amount in VND as a decimal string (kept a string so hashing stays exact).
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "Money".
 */
export type Money = string;
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "DeadlineRule".
 */
export type DeadlineRule =
  | {
      kind: "same-working-day";
      cutoff?: LocalTime;
      maxExtensionDays?: number;
      /**
       * Statutory maximum of working days that lawful extensions (State.extension) may add to one case in total; an extension is granted only up to what is left.
       */
      maxLawfulExtensionDays?: number;
    }
  | {
      kind: "working-days";
      days: number;
      cutoff?: LocalTime;
      maxExtensionDays?: number;
      /**
       * Statutory maximum of working days that lawful extensions (State.extension) may add to one case in total; an extension is granted only up to what is left.
       */
      maxLawfulExtensionDays?: number;
    };
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "LocalTime".
 */
export type LocalTime = string;
/**
 * A guard from the engine's fixed registry (engine/guards.ts), by name or as {type, params}: requiredDocumentsPresent (no params); documentsPresent {ids: document ids of the form}; fieldEquals {pointer: JSON pointer into the form data, value}; fieldPresent {pointer}; expression {expression: a FEEL expression over data, documents, receivedOn and today(), true or false}. Lint checks the params and that they name declared documents and fields.
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "GuardRef".
 */
export type GuardRef =
  | string
  | {
      type: string;
      params?: {
        [k: string]: unknown;
      };
    };

/**
 * An administrative procedure declared as a state machine: who receives a dossier, who verifies, who signs, who archives, with deadline, fee and the form to fill.
 */
export interface Procedure {
  $schema?: string;
  /**
   * Stable identifier, dot-separated lower-case words, e.g. civil-status.birth-registration.
   */
  id: string;
  /**
   * Integer version; a published version is immutable.
   */
  version: number;
  /**
   * Local date (the calendar's time zone) from which new dossiers are received under this version, e.g. the date a new decree applies. Absent: from publication. Dossiers received before keep the version they started with.
   */
  effectiveFrom?: string;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * Administrative level that handles the procedure.
   */
  level: "province" | "commune";
  /**
   * @minItems 1
   */
  legalBasis: {
    /**
     * Citation, e.g. 'Luật Hộ tịch 2014, Điều 16'.
     */
    ref: string;
    url?: string;
  }[];
  fee: FeeRule;
  deadline: DeadlineRule;
  /**
   * @minItems 1
   */
  roles: Role[];
  form: Form;
  /**
   * Who may open a case: the reception officer at the counter, the citizen online.
   */
  intake: {
    /**
     * @minItems 1
     */
    roles: string[];
    /**
     * Fields of the form whose values, all equal (case and accents ignored), mark a possible second registration of the same facts, e.g. the child's name, date of birth and mother's name. Intake then asks the officer to confirm before a new case is opened.
     */
    duplicates?: {
      /**
       * JSON pointers into the form data, e.g. /child/fullName.
       *
       * @minItems 1
       * @maxItems 10
       */
      fields: string[];
    };
  };
  /**
   * Id of the state a new case starts in.
   */
  initial: string;
  states: {
    [k: string]: State;
  };
  /**
   * @minItems 1
   */
  actions: Action[];
  archive: ArchiveRule;
  linked?: LinkedProcedures;
  notices?: Notices;
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "LocalizedText".
 */
export interface LocalizedText {
  vi: string;
  en: string;
}
/**
 * A reduction of the fee decided by a FEEL rule over the dossier (data, documents, receivedOn, today()), e.g. a poor household (a form field) is exempt. When several hold, the largest percent applies.
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "FeeExemption".
 */
export interface FeeExemption {
  /**
   * A FEEL expression over the dossier, true or false.
   */
  when: string;
  reason: LocalizedText;
  /**
   * Share of the fee waived, in percent (100 when absent: no fee is due).
   */
  percent?: number;
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "Role".
 */
export interface Role {
  id: string;
  title: LocalizedText;
  /**
   * True for the citizen and other people without an official account in the unit.
   */
  external?: boolean;
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "Form".
 */
export interface Form {
  /**
   * JSON Schema (2020-12) of the application data. Properties may carry 'title' (Vietnamese) and 'x-title-en'.
   */
  schema: {
    [k: string]: unknown;
  };
  documents: {
    id: string;
    title: LocalizedText;
    required: boolean;
    /**
     * The original must be shown at the counter.
     */
    original?: boolean;
    /**
     * A FEEL expression over the dossier (data, documents, receivedOn, today()): the document is also required when it holds (e.g. a late-declaration note when the death is declared after 15 days). The guard requiredDocumentsPresent counts it.
     */
    requiredWhen?: string;
  }[];
  /**
   * Dossier fields required when a FEEL rule over the dossier (data, documents, receivedOn, today()) holds: checked when the dossier is received and whenever an action changes it (400 data.invalid naming each field, rule requiredWhen).
   */
  requiredWhen?: {
    when: string;
    /**
     * @minItems 1
     */
    fields: string[];
  }[];
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "State".
 */
export interface State {
  /**
   * task: an official works on it; signature: a signature checkpoint; waiting-citizen: waiting for the citizen (clock paused by default); final: the case is closed.
   */
  kind: "task" | "signature" | "waiting-citizen" | "final";
  title: LocalizedText;
  /**
   * Role whose queue holds the case in this state (not for final states).
   */
  owner?: string;
  /**
   * Whether the deadline clock runs here. Defaults: paused for waiting-citizen, runs otherwise.
   */
  clock?: "runs" | "paused";
  /**
   * Final states only: how the case ended. Only 'completed' counts as success.
   */
  outcome?: "completed" | "refused" | "withdrawn";
  /**
   * Fire an action when the case stays here longer than this many working days (the scheduler fires it as the system actor).
   */
  timeout?: {
    workingDays: number;
    action: string;
  };
  /**
   * A lawful extension: entering this state adds working days to the due date (e.g. verification by another unit, which the law allows to take longer), with the reason shown to the officer and the citizen. Capped by deadline.maxLawfulExtensionDays. Not for final states. A case returned by the extended date is on time.
   */
  extension?: {
    workingDays: number;
    reason: LocalizedText;
  };
  unitTask?: UnitTask;
}
/**
 * The state is a task for another unit (e.g. the former place of residence verifies). The unit is resolved when the case enters the state; officials of that unit holding the state's owner role see only the declared part of the dossier and take only the answering actions; the case returns to its own unit when it leaves the state.
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "UnitTask".
 */
export interface UnitTask {
  /**
   * Where the unit code comes from.
   */
  unit:
    | {
        /**
         * JSON pointer into the dossier data: a field holding a unit code.
         */
        fromData: string;
      }
    | {
        /**
         * JSON pointer into the data of the action entering the state: the acting official's choice.
         */
        fromInput: string;
        /**
         * The unit codes the official may choose from (any unit when absent).
         *
         * @minItems 1
         */
        allowed?: string[];
      }
    | {
        /**
         * A fixed unit code (e.g. an agency).
         */
        fixed: string;
      };
  /**
   * Ids of the actions from this state that the other unit takes; every other action of the state stays with the case's own unit.
   *
   * @minItems 1
   */
  answers: string[];
  /**
   * The part of the case the other unit sees: dossier fields (JSON pointers into the data) and document type ids.
   */
  shows: {
    data: string[];
    documents?: string[];
  };
  /**
   * The task's own deadline: working days from entering the state.
   */
  workingDays: number;
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "Action".
 */
export interface Action {
  id: string;
  title: LocalizedText;
  /**
   * @minItems 1
   */
  from: string[];
  to: string;
  /**
   * Conditional targets, tried in order before `to`: the first whose FEEL expression `when` holds on the dossier (data, documents, receivedOn, today()) decides where the case goes. `to` is taken when none holds.
   *
   * @minItems 1
   */
  branches?: {
    when: string;
    to: string;
  }[];
  /**
   * Roles allowed to take the action. 'system' is the scheduler.
   *
   * @minItems 1
   */
  roles: string[];
  guard?: GuardRef;
  /**
   * How many times the action may be taken in one case (e.g. at most 2 supplement requests). The engine keeps the count in the case, bound to its audit chain, and refuses the action beyond it (409 action.round_limit). Every entry of one action id must declare the same limit.
   */
  maxRounds?: number;
  /**
   * JSON Schema of the data the action needs (e.g. a refusal reason, the register book entry number).
   */
  data?: {
    [k: string]: unknown;
  };
  /**
   * The action writes an entry in a register book of the unit (Sổ hộ tịch): the book and the entry number are read from the action's data at these JSON pointers, and a number already used in that book of that unit for this procedure is refused (409 register.entry_taken).
   */
  register?: {
    book: string;
    entry: string;
  };
  /**
   * The action's data is a JSON Merge Patch (RFC 7396) of the dossier: corrected or supplemented fields, merged and re-validated against the form.
   */
  updatesForm?: boolean;
  /**
   * Ids of documents that must be attached to the case (present in the dossier) for the action.
   */
  documents?: string[];
  signature?: SignatureCheckpoint;
}
/**
 * The action is accepted only with a valid digital signature from the acting official's registered certificate.
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "SignatureCheckpoint".
 */
export interface SignatureCheckpoint {
  /**
   * The role that must sign (must be one of the action's roles). Give role or roles, not both.
   */
  role?: string;
  /**
   * Alternative signers: any one of these roles may sign (e.g. the chairman or a vice-chairman); the role the official signed in is recorded in the audit entry. Each must be one of the action's roles.
   *
   * @minItems 1
   */
  roles?: string[];
  /**
   * Parts of the case the signature covers, besides case id, procedure version, action and audit head which are always signed.
   *
   * @minItems 1
   */
  covers: ("data" | "documents")[];
  /**
   * Every path to a completed final state must pass this checkpoint (default true).
   */
  required?: boolean;
  /**
   * Facts of the signed result that anyone holding the paper may see in the public result check, so a forged extract carrying a genuine code and digest shows facts that differ from the paper. They are part of what the official signs.
   *
   * @maxItems 12
   */
  publicFacts?: PublicFact[];
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "PublicFact".
 */
export interface PublicFact {
  /**
   * Stable key of the fact in the signed payload.
   */
  id: string;
  title: LocalizedText;
  /**
   * JSON pointer into the case at signing time: /data/... (a form field), /register/book, /register/entry, /register/date (the local date of the register line) or /code.
   */
  pointer: string;
  /**
   * How the fact is shown: as recorded (default), a name masked to its initials except the last word ("N*** M*** An"), or only the year of a YYYY-MM-DD date.
   */
  show?: "as-is" | "masked-name" | "year";
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "ArchiveRule".
 */
export interface ArchiveRule {
  role: string;
  retention:
    | {
        years: number;
      }
    | {
        permanent: true;
      };
}
/**
 * Interconnected procedures (liên thông): one submission also opens a case of each linked procedure, in the unit or agency that owns it, with the data it needs taken from this dossier. Each part is a case of its own; when it closes, this case records its outcome, and the `gate` actions wait for the parts.
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "LinkedProcedures".
 */
export interface LinkedProcedures {
  /**
   * @minItems 1
   */
  parts: LinkedPart[];
  /**
   * Actions of this procedure taken only when every part is closed and every part that may not fail has completed (e.g. returning the results together).
   *
   * @minItems 1
   */
  gate: string[];
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "LinkedPart".
 */
export interface LinkedPart {
  /**
   * The part's name within this procedure.
   */
  id: string;
  title?: LocalizedText;
  /**
   * Id of the linked procedure (its version in force at intake is used).
   */
  procedure: string;
  /**
   * The unit or agency that owns the part's case.
   */
  owner:
    | {
        fixed: string;
      }
    | {
        /**
         * A field of this dossier holding the unit code.
         */
        fromData: string;
      };
  /**
   * The parent may still complete when this part is refused or withdrawn.
   */
  mayFail?: boolean;
  /**
   * The data the part needs, copied from this dossier: `from` a pointer into this dossier's data, `to` a pointer into the part's form.
   */
  map: {
    from: string;
    to: string;
  }[];
  /**
   * Documents handed on: this procedure's document id `from`, the part's document id `to`.
   */
  documents?: {
    from: string;
    to: string;
  }[];
}
/**
 * The procedure's own words for the citizen's notices (engine/notice.ts), by event and language; an event or language left out uses the built-in default (engine/notice-templates.ts).
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "Notices".
 */
export interface Notices {
  received?: NoticeTemplates;
  "needs-papers"?: NoticeTemplates;
  ready?: NoticeTemplates;
  refused?: NoticeTemplates;
  late?: NoticeTemplates;
}
/**
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "NoticeTemplates".
 */
export interface NoticeTemplates {
  vi?: NoticeTemplate;
  en?: NoticeTemplate;
}
/**
 * One notice's words in one language. Placeholders: {name} (the applicant's name), {code} (the dossier code), {procedure} (its title), {date} (the appointment, dd/mm/yyyy), {missing} (what the officer asked for), {reason} (a refusal's or an apology's reason). Never the personal ID.
 *
 * This interface was referenced by `Procedure`'s JSON-Schema
 * via the `definition` "NoticeTemplate".
 */
export interface NoticeTemplate {
  /**
   * Email subject; SMS and Zalo send the text only. Defaults to the built-in subject.
   */
  subject?: string;
  text: string;
}
