import nodemailer from 'nodemailer';

export interface SmtpSettings {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465 */
  url: string;
  /** The sender panelists see, e.g. "Delphi study <delphi@example.org>" */
  from: string;
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

/** One SMTP transport; a message is handed over and the server's verdict recorded, nothing retried. */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(
    { url: settings.url, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 },
    { from: settings.from },
  );
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          list: { unsubscribe: email.unsubscribeUrl },
          headers: { 'Content-Language': email.language, 'Auto-Submitted': 'auto-generated' },
        });
        if (info.rejected.length > 0) return { status: 'bounced', messageId: info.messageId ?? null, error: `Refused: ${String(info.response ?? '')}`.slice(0, 500) };
        return { status: 'sent', messageId: info.messageId ?? null, error: null };
      } catch (e) {
        const err = e as SmtpError;
        const detail = [err.code, err.response ?? err.message].filter(Boolean).join(': ').slice(0, 500);
        return { status: err.responseCode !== undefined && err.responseCode >= 500 ? 'bounced' : 'failed', messageId: null, error: detail || 'unknown error' };
      }
    },
    close() {
      transport.close();
    },
  };
}
