/** The message of anything thrown: an Error's message (the API's own text for a failed call), or the value as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
