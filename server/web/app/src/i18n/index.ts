// Two dictionaries, Vietnamese (default) and English; `en` must have every key of `vi` (typed).
// Procedure content (titles of states, actions, form fields) is localised from the procedure file.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { vi } from "./vi.js";
import { en } from "./en.js";

export type Lang = "vi" | "en";
export type Key = keyof typeof vi;
export type Dict = Record<Key, string>;

const DICTS: Record<Lang, Dict> = { vi, en };
const LANG_KEY = "motcua.lang";

export function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === "en" || saved === "vi" ? saved : "vi";
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

export interface I18n {
  lang: Lang;
  /** UI text; `{name}` placeholders are filled from `params`. */
  t(key: Key, params?: Record<string, string | number>): string;
  /** Text for a key built at run time (an error code, a role id); undefined when the dictionary lacks it. */
  maybe(key: string): string | undefined;
  /** Like maybe, with `{name}` placeholders filled; undefined when the key or any placeholder's value is missing. */
  phrase(key: string, params: Record<string, string | number> | undefined): string | undefined;
  /** A procedure's localised text ({vi, en}). */
  loc(text: { vi: string; en?: string } | undefined): string;
  /** A JSON Schema's field title: `title` is Vietnamese, `x-title-en` English. */
  fieldTitle(schema: Record<string, unknown>, fallback: string): string;
}

export function makeI18n(lang: Lang): I18n {
  const dict = DICTS[lang];
  return {
    lang,
    t: (key, params) => (params ? dict[key].replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : dict[key]),
    maybe: (key) => (key in dict ? dict[key as Key] : undefined),
    phrase: (key, params) => {
      if (!(key in dict)) return undefined;
      let complete = true;
      const text = dict[key as Key].replace(/\{(\w+)\}/g, (m, p: string) => {
        if (params && p in params) return String(params[p]);
        complete = false;
        return m;
      });
      return complete ? text : undefined;
    },
    loc: (text) => (text ? (lang === "en" && text.en ? text.en : text.vi) : ""),
    fieldTitle: (s, fallback) => {
      const en = typeof s["x-title-en"] === "string" ? s["x-title-en"] : undefined;
      const vi = typeof s.title === "string" ? s.title : undefined;
      return (lang === "en" ? en ?? vi : vi ?? en) ?? fallback;
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n("vi"));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
