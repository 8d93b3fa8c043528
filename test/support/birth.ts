// The catalog's birth registration as tests meet it: the version a new case is received under,
// and what the counter records when it hands the result over (the return-result action's data,
// required since version 2). One place, so the next version bump is one edit.
export const BIRTH_VERSION = 2;
export const BIRTH_KEY = `civil-status.birth-registration@${BIRTH_VERSION}`;

/** The mother of birthDeclaration() collects the extract herself. */
export function birthHandover(): { recipient: { capacity: string; fullName: string; personalId: string } } {
  return { recipient: { capacity: "me", fullName: "Trần Thị Bình", personalId: "001195012345" } };
}
