import { STATUS_CODES } from 'node:http';
import type { ConflictCode, ErrorBody, ErrorCode, ErrorDetails, Problem } from './schemas/common';

/**
 * The one error shape every failure uses: {statusCode, code, error, message, details?}.
 * Codes are stable (clients and tests match on them); messages are written for people.
 */
export class DelphiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'DelphiError';
  }

  toBody(): ErrorBody {
    return {
      statusCode: this.statusCode,
      code: this.code,
      error: STATUS_CODES[this.statusCode] ?? 'Error',
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export type { ErrorBody, Problem };

/** At most this many problems are listed in a 400 (the JSON import stops collecting at the same number). */
export const MAX_LISTED_PROBLEMS = 50;

export const errors = {
  validation: (message: string, problems?: Problem[]) => new DelphiError(400, 'DELPHI_VALIDATION', message, problems === undefined ? undefined : { problems }),
  csvInvalid: (problems: Problem[]) =>
    new DelphiError(
      400,
      'DELPHI_CSV_INVALID',
      `The CSV has ${problems.length} problem${problems.length === 1 ? '' : 's'}` +
        `${problems.length > MAX_LISTED_PROBLEMS ? `; the first ${MAX_LISTED_PROBLEMS} are listed` : ''}; nothing was imported.`,
      // A broken file can have millions of problems; a person fixes the first few and tries again.
      { problems: problems.slice(0, MAX_LISTED_PROBLEMS), total: problems.length },
    ),
  translationFileInvalid: (problems: Problem[], total: number) =>
    new DelphiError(400, 'DELPHI_TRANSLATION_FILE_INVALID', `The translation file has ${total} problem${total === 1 ? '' : 's'}; no translation was stored.`, {
      problems,
      total,
    }),
  protocolInvalid: (problems: Problem[]) => new DelphiError(400, 'DELPHI_PROTOCOL_INVALID', 'The consensus protocol is not valid.', { problems }),
  unauthenticated: () => new DelphiError(401, 'DELPHI_UNAUTHENTICATED', 'Please sign in first.'),
  badCredentials: () => new DelphiError(401, 'DELPHI_BAD_CREDENTIALS', 'That e-mail and password do not match.'),
  passwordChangeRequired: () =>
    new DelphiError(403, 'DELPHI_PASSWORD_CHANGE_REQUIRED', 'Please choose your own password first; the one-time password only lets you do that.'),
  invitationInvalid: () => new DelphiError(401, 'DELPHI_INVITATION_INVALID', 'This invitation link is not valid. Please ask the study team for a new one.'),
  forbidden: (message = 'You do not have access to this.') => new DelphiError(403, 'DELPHI_FORBIDDEN', message),
  crossOrigin: () => new DelphiError(403, 'DELPHI_CROSS_ORIGIN', 'Requests that change data must come from this site.'),
  notFound: (what: string) => new DelphiError(404, 'DELPHI_NOT_FOUND', `${what} not found.`),
  conflict: (code: ConflictCode, message: string, details?: ErrorDetails) => new DelphiError(409, `DELPHI_${code}`, message, details),
  roundClosed: () => new DelphiError(409, 'DELPHI_ROUND_CLOSED', 'This round has closed; the answer was not saved.'),
  roundNotOpen: () => new DelphiError(409, 'DELPHI_ROUND_NOT_OPEN', 'This round is not open.'),
  protocolLocked: () => new DelphiError(409, 'DELPHI_PROTOCOL_LOCKED', 'The consensus protocol was locked when round 1 opened and can no longer change.'),
  idempotencyMismatch: () =>
    new DelphiError(422, 'DELPHI_IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was already used for a different answer. Use a new key for a new answer.'),
  payloadTooLarge: () => new DelphiError(413, 'DELPHI_PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  jsonTooDeep: (maxDepth: number) =>
    new DelphiError(400, 'DELPHI_JSON_TOO_DEEP', `The request body nests arrays and objects more than ${maxDepth} levels deep; no valid request does.`),
  rateLimited: (retryAfterSeconds: number) => new DelphiError(429, 'DELPHI_RATE_LIMITED', `Too many attempts. Please wait ${retryAfterSeconds} seconds.`),
  notReady: (failing: string[], checks: Record<string, 'ok' | 'failing'>) =>
    new DelphiError(503, 'DELPHI_NOT_READY', `Not ready to serve requests: ${failing.join('; ')}.`, {
      problems: failing.map((message) => ({ message })),
      checks,
    }),
  internal: () => new DelphiError(500, 'DELPHI_INTERNAL', 'Something went wrong on our side. The problem has been logged.'),
};
