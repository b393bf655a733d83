import nodemailer from 'nodemailer';

export interface SmtpSettings {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465 */
  url: string;
  /** The sender panelists see, e.g. "Delphi study <delphi@example.org>" */
  from: string;
  /** MailerOptions.retryDelaysMs; tests shorten the waits. */
  retryDelaysMs?: number[];
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
  /** Where a mail client's "unsubscribe" button leads: the app, which turns reminders off. */
  unsubscribeUrl: string;
}

export interface Delivery {
  /** sent: the SMTP server accepted it; bounced: it refused it for good (5xx); failed: anything else. */
  status: 'sent' | 'failed' | 'bounced';
  messageId: string | null;
  error: string | null;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<Delivery>;
  close(): void;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** Connection failures, timeouts and 4xx replies: the same message may go through a little later. */
export function isTransient(err: SmtpError): boolean {
  if (err.responseCode !== undefined) return err.responseCode >= 400 && err.responseCode < 500;
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET'].includes(err.code ?? '');
}

export interface MailerOptions {
  /** SMTP connections kept open and shared by the sending workers. */
  maxConnections?: number;
  /**
   * Waits before each further try of a transient failure; its length is the number of retries.
   * The whole series stays well inside an e-mail's lease (LEASE_MS in email-service.ts).
   */
  retryDelaysMs?: number[];
}

/**
 * A pool of SMTP connections (one TCP and TLS handshake per connection, not per message). A
 * message is retried after a transient failure, a few times with growing waits; a 5xx reply is
 * final (bounced), and so is a failure that outlasts the retries (failed).
 */
export function createSmtpMailer(settings: SmtpSettings, options: MailerOptions = {}): Mailer {
  const retryDelaysMs = options.retryDelaysMs ?? [2_000, 10_000];
  const transport = nodemailer.createTransport(
    { url: settings.url, pool: true, maxConnections: options.maxConnections ?? 4, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 },
    { from: settings.from },
  );
  const attempt = async (email: OutgoingEmail): Promise<Delivery & { transient: boolean }> => {
    try {
      const info = await transport.sendMail({
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        list: { unsubscribe: email.unsubscribeUrl },
        headers: { 'Content-Language': email.language, 'Auto-Submitted': 'auto-generated' },
      });
      if (info.rejected.length > 0)
        return { status: 'bounced', messageId: info.messageId ?? null, error: `Refused: ${String(info.response ?? '')}`.slice(0, 500), transient: false };
      return { status: 'sent', messageId: info.messageId ?? null, error: null, transient: false };
    } catch (e) {
      const err = e as SmtpError;
      const detail = [err.code, err.response ?? err.message].filter(Boolean).join(': ').slice(0, 500);
      const status = err.responseCode !== undefined && err.responseCode >= 500 ? 'bounced' : 'failed';
      return { status, messageId: null, error: detail || 'unknown error', transient: isTransient(err) };
    }
  };
  return {
    async send(email) {
      for (let tries = 0; ; tries++) {
        const { transient, ...delivery } = await attempt(email);
        if (!transient || tries >= retryDelaysMs.length) {
          return tries === 0 || delivery.error === null ? delivery : { ...delivery, error: `${delivery.error} (after ${tries + 1} tries)`.slice(0, 500) };
        }
        await new Promise((r) => setTimeout(r, retryDelaysMs[tries]));
      }
    },
    close() {
      transport.close();
    },
  };
}
