import { describe, expect, it } from 'vitest';
import { ApiError, problemsOf } from './api-client';

describe('problemsOf', () => {
  it('reads a CSV import’s problems', () => {
    const e = new ApiError(400, 'DELPHI_CSV_INVALID', 'bad', { problems: [{ line: 3, column: 'code', message: 'Use letters' }] });
    expect(problemsOf(e)).toEqual([{ line: 3, column: 'code', message: 'Use letters' }]);
  });

  it('reads a validation error’s list of paths and messages', () => {
    const e = new ApiError(400, 'DELPHI_VALIDATION', 'bad', [{ path: 'body.body', message: 'Unknown placeholder {{x}}.' }]);
    expect(problemsOf(e)).toEqual([{ path: 'body.body', message: 'Unknown placeholder {{x}}.' }]);
  });

  it.each([
    ['no details', undefined],
    ['details of another shape', { reason: 'x' }],
    ['entries without a message', [{ path: 'a' }, null]],
  ])('has none for %s', (_what, details) => {
    expect(problemsOf(new ApiError(400, 'X', 'bad', details))).toEqual([]);
  });

  it('has none for an error that is not from the API', () => {
    expect(problemsOf(new Error('boom'))).toEqual([]);
  });
});
