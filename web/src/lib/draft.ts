/**
 * Hand-over from the attacker list to the countermeasure request form: the selected sources, the
 * attack and the case travel in session storage (a request can target thousands of sources, too
 * many for a URL) and are read once by the form.
 */

/** What the attack page hands to the request form. */
export interface RequestDraft {
  readonly caseId: string;
  readonly attackId: string;
  /** The attacked host or prefix. */
  readonly destination: string;
  /** IP protocol of the main vector, when it has one. */
  readonly protocol: number | null;
  /** Source ports of reflected traffic (the abused services). */
  readonly sourcePorts: readonly number[];
  /** Attacker addresses picked from the attacker list. */
  readonly sources: readonly string[];
}

const KEY = 'sakimori.request-draft';

/** Stores the draft for the form. */
export function saveDraft(d: RequestDraft): void {
  sessionStorage.setItem(KEY, JSON.stringify(d));
}

/** Returns the draft (if any) for this attack, or the latest one when `attackId` is undefined. */
export function readDraft(attackId?: string): RequestDraft | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (raw === null) return undefined;
  try {
    const d = JSON.parse(raw) as RequestDraft;
    return attackId === undefined || d.attackId === attackId ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets the draft once the request was filed. */
export function clearDraft(): void {
  sessionStorage.removeItem(KEY);
}
