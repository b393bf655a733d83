import fp from 'fastify-plugin';
import { holdLease, recordSent, type ClaimedEmail, type DeliverySummary, type EmailOutbox } from '../email/email-service';
import { createSmtpMailer, type Mailer, type SmtpSettings } from '../email/mailer';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends claimed e-mails through the configured SMTP server; `enabled` is false without one. */
    email: EmailOutbox;
  }
}

export interface EmailPluginOptions {
  /** Without settings e-mail is off: links are shown and exported for the facilitator to send. */
  smtp?: SmtpSettings | null;
}

/** Messages handed to the SMTP server at once; a panel of a thousand is sent in a few minutes. */
const CONCURRENCY = 4;

export default fp<EmailPluginOptions>(
  async (app, opts) => {
    const mailer: Mailer | null = opts.smtp ? createSmtpMailer(opts.smtp, { maxConnections: CONCURRENCY, retryDelaysMs: opts.smtp.retryDelaysMs }) : null;
    const inFlight = new Set<Promise<unknown>>();
    let closing = false;

    async function stillHeld(logId: number, attempts: number): Promise<boolean> {
      try {
        return await holdLease(app.db, logId, attempts, app.now());
      } catch (err) {
        app.log.error({ err, logId }, 'could not check an e-mail lease; leaving the message to a later takeover');
        return false;
      }
    }

    async function deliver(claimed: ClaimedEmail[]): Promise<DeliverySummary> {
      const summary: DeliverySummary = { sent: 0, failed: 0, bounced: 0 };
      if (!mailer) return summary;
      let next = 0;
      const worker = async () => {
        // Once the app is closing, what is not yet handed over keeps its lease and is sent by the
        // next instance to take it over, so a shutdown does not wait for a whole mailing.
        while (next < claimed.length && !closing) {
          const { logId, attempts, email } = claimed[next++];
          if (!(await stillHeld(logId, attempts))) continue;
          const delivery = await mailer.send(email);
          summary[delivery.status]++;
          try {
            await recordSent(app.db, logId, attempts, delivery, app.now().toISOString());
          } catch (err) {
            app.log.error({ err, logId }, 'could not record an e-mail delivery');
          }
        }
      };
      const run = Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker)).then(() => summary);
      inFlight.add(run);
      try {
        return await run;
      } finally {
        inFlight.delete(run);
      }
    }

    const outbox: EmailOutbox = {
      enabled: mailer !== null,
      reason: mailer ? null : 'SMTP_URL is not set, so the service sends no e-mail. Links are shown and exported for you to send.',
      from: opts.smtp?.from ?? null,
      deliver,
      deliverLater(claimed) {
        deliver(claimed).catch((err) => app.log.error({ err }, 'e-mail delivery failed'));
      },
      async idle() {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      },
    };
    app.decorate('email', outbox);
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onClose', async () => {
      await outbox.idle();
      mailer?.close();
    });
  },
  { name: 'email', dependencies: ['db'] },
);
