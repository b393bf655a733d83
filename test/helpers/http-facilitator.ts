/** A facilitator and a panel driven over real HTTP, for tests against a server in a child process. */

export type HttpApi = (
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
  headers?: Record<string, string>,
) => Promise<{ status: number; json: any; res: Response }>;

/** Signs in with the one-time password, sets `newPassword`, and returns a JSON caller that sends the new session. */
export async function httpFacilitator(base: string, email: string, password: string, newPassword: string): Promise<HttpApi> {
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const first = signIn.headers.getSetCookie()[0].split(';')[0];
  const changed = await fetch(`${base}/api/auth/password`, {
    method: 'POST',
    headers: { cookie: first, 'content-type': 'application/json' },
    body: JSON.stringify({ currentPassword: password, newPassword }),
  });
  const fac = changed.headers.getSetCookie()[0].split(';')[0];
  return async (method, path, body, cookie = fac, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: await res.json(), res };
  };
}

/** Creates and opens a round, signs every invited panelist in, and returns their cookies and the round's item versions. */
export async function openRoundForPanel(api: HttpApi, studyId: number, invitations: { link: string }[]): Promise<{ cookies: string[]; versions: number[] }> {
  const round = (await api('POST', `/api/studies/${studyId}/rounds`, {})).json;
  await api('POST', `/api/rounds/${round.id}/open`);
  const cookies: string[] = [];
  for (const inv of invitations) {
    const r = await api('POST', '/api/panelist/session', { token: inv.link.split('#')[1] }, '');
    cookies.push(
      r.res.headers
        .getSetCookie()
        .find((c) => c.startsWith('delphi_panelist='))!
        .split(';')[0],
    );
  }
  const versions: number[] = (await api('GET', '/api/panelist/round', undefined, cookies[0])).json.items.map((i: { itemVersionId: number }) => i.itemVersionId);
  return { cookies, versions };
}
