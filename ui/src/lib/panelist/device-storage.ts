import type { StorageLike } from './answer-queue';

/** Kept for this visit only: private mode, or storage blocked. */
export function memoryStorage(): StorageLike {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

/** The browser's storage when it works, else memory: answers then last for the visit. */
export function browserStorage(): StorageLike {
  try {
    const s = window.localStorage;
    s.setItem('delphi.probe', '1');
    s.removeItem('delphi.probe');
    return s;
  } catch {
    return memoryStorage();
  }
}
