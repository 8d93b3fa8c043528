// After a route change the new page's heading takes the keyboard focus, so a screen reader
// announces the page. Pages load their data before they show their heading, so the heading asks for
// the focus when it mounts rather than on a timer: a timer fired too early on a slow link (nothing
// to focus) or too late on a busy machine (it pulled the focus out of a form the user had already
// opened). The heading only takes the focus if the keyboard is nowhere yet: the link that was
// followed went away with the old page, leaving the focus on <body>.
import { useEffect, useRef } from "preact/hooks";
import { currentPath } from "./router.js";

let wantedFor: string | null = null;

/** Called by the router when the path changes (not for the first page shown). */
export function wantHeadingFocus(path: string): void {
  wantedFor = path;
}

/** Called by a page heading when it mounts. */
export function offerHeadingFocus(heading: HTMLElement | null): void {
  if (!heading || wantedFor !== currentPath()) return;
  wantedFor = null;
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  heading.focus({ preventScroll: true });
}

/**
 * On every route change but the first page shown (there the keyboard starts at the skip link):
 * back to the top, and the new page's heading takes the focus once it appears.
 */
export function useHeadingFocusOnNavigation(path: string, active = true): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    if (!active) return;
    window.scrollTo(0, 0);
    wantHeadingFocus(path);
    offerHeadingFocus(document.getElementById("page-h1"));
  }, [path]);
}
