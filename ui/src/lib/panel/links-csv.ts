import type { Invitation } from '../console/console-api';

/** Spreadsheets run cells that start with = + - @ (or a tab/CR) as formulas; prefix them with '. */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  const safe = neutralise(cell);
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** code,email,link for a mail merge, from the links the server showed once. */
export function linksCsv(invitations: Invitation[]): string {
  const rows = [['code', 'email', 'link'], ...invitations.map((i) => [i.code, i.email ?? '', i.link])];
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
