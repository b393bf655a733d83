import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** One message as the SMTP server received it, parsed just enough to check it. */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  /** Unfolded and decoded, keys lower-case. */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

export interface MailServer {
  /** smtp://user:pass@127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (port 0) that keeps every message it accepts. It asks for the
 * credentials in the URL, refuses recipients `refuse` names with 550 and those `tempFail` names
 * (per attempt) with 451, counts each recipient's attempts, and offers no STARTTLS.
 */
export async function startMailServer(
  options: { refuse?: (address: string) => boolean; tempFail?: (address: string, attempt: number) => boolean } = {},
): Promise<MailServer & { attempts: (address: string) => number }> {
  const messages: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    logger: false,
    // The service keeps pooled connections open; a closing test server ends them instead of
    // waiting the default 30 s for clients to leave.
    closeTimeout: 200,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'user' && auth.password === 'pass') callback(null, { user: 'user' });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const attempt = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, attempt);
      if (options.tempFail?.(address.address, attempt)) {
        const err = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        callback(err);
        return;
      }
      if (options.refuse?.(address.address)) {
        const err = new Error('No such user here') as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom;
        messages.push({ ...parseMessage(raw), raw, envelopeFrom: from ? from.address : '', envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://user:pass@127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => m.envelopeTo.includes(address)),
    attempts: (address) => attempts.get(address) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** RFC 2047 encoded words (=?utf-8?Q?...?= and =?utf-8?B?...?=) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) => {
      if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
      return decodeQuotedPrintable(data.replace(/_/g, ' '));
    });
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** Headers, and the text/plain and text/html parts of a (possibly multipart) message. */
export function parseMessage(raw: string): Pick<ReceivedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const { headers, body } = splitHeaders(raw);
  const parts = { text: '', html: '' };
  const walk = (h: Record<string, string>, b: string) => {
    const type = h['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      const sections = b.split(`--${boundary}`).slice(1);
      for (const section of sections) {
        if (section.startsWith('--')) break;
        const inner = splitHeaders(section.replace(/^\r?\n/, ''));
        walk(inner.headers, inner.body);
      }
    } else if (/^text\/html/i.test(type)) {
      parts.html += decodeBody(b, h['content-transfer-encoding']);
    } else if (/^text\/plain/i.test(type)) {
      parts.text += decodeBody(b, h['content-transfer-encoding']);
    }
  };
  walk(headers, body);
  return { headers, subject: headers.subject ?? '', text: parts.text.replace(/\r\n/g, '\n').trimEnd(), html: parts.html.replace(/\r\n/g, '\n') };
}

/** The personal link's token in a message's text part. */
export function linkToken(mail: ReceivedMail): string {
  const m = /\/join#([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!m) throw new Error(`no personal link in:\n${mail.text}`);
  return m[1];
}

export function optOutToken(mail: ReceivedMail): string {
  const m = /\/join\?reminders=off#([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!m) throw new Error(`no opt-out link in:\n${mail.text}`);
  return m[1];
}
