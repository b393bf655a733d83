/**
 * The one place that talks to the server: fetch for HTTP, WebSocket for the live streams.
 * Feature modules (panelist-api.ts, console-api.ts) describe endpoints on top of `api`.
 */

import type { ErrorBody } from '$schemas/common';

export type { ErrorBody };

/** A failed request. `message` is the server's text for people; `status` 0 means the network failed. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Worth retrying later: the network dropped, the server was busy or failed. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface Problem {
  line?: number;
  column?: string;
  path?: string;
  message: string;
}

/**
 * The problems an error carries: a CSV import's or protocol check's `{ problems: [...] }`, or a
 * validation error's list of `{ path, message }` (paths such as "body.subject").
 */
export function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { problems?: unknown } | unknown[] | undefined;
  const problems = Array.isArray(details) ? details : details?.problems;
  return Array.isArray(problems) ? (problems as Problem[]).filter((p) => p && typeof p.message === 'string') : [];
}

const NETWORK_MESSAGE = 'The connection dropped. Please check your network.';

/** Announces every 401 (detail: the request path), so a page can send its user back to sign in. */
export const sessionEvents = new EventTarget();

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json', ...headers } : { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) {
    let parsed: Partial<ErrorBody> = {};
    try {
      parsed = JSON.parse(text) as ErrorBody;
    } catch {
      /* a proxy's HTML error page: fall back to the status text */
    }
    if (res.status === 401) sessionEvents.dispatchEvent(new CustomEvent('unauthorized', { detail: path }));
    throw new ApiError(res.status, parsed.code ?? `HTTP_${res.status}`, parsed.message ?? (res.statusText || 'The request failed.'), parsed.details);
  }
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') && text ? JSON.parse(text) : text) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers),
  put: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PUT', path, body, headers),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Opens a websocket to /api/live/...; the session cookie travels with the upgrade. */
export function openLiveSocket(path: string, since: number | null): WebSocket {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = since === null ? '' : `?since=${since}`;
  return new WebSocket(`${scheme}//${location.host}/api/live${path}${query}`);
}
