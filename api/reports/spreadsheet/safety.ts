/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab/CR that hides one) as a formula.
 * Prefixing an apostrophe makes it plain text (OWASP "CSV injection").
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
