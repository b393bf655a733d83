import { isIP } from 'node:net';
import { z } from 'zod';
import { PACKAGE } from './package-info';

/** One address or CIDR block of a trusted proxy: 10.0.0.2, 10.0.0.0/8, ::1, fd00::/8. */
function isAddressOrBlock(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY: off, a hop count, or the proxies' addresses. Trusting every sender ("true") is
 * refused: then anyone could pick their own address with X-Forwarded-For and dodge the limits.
 */
const TrustProxySchema = z
  .string()
  .trim()
  .default('0')
  .refine((v) => /^(0|false|off|[1-9]\d?)$/.test(v) || v.split(',').every((e) => isAddressOrBlock(e.trim())), {
    message: 'TRUST_PROXY must be 0 (off), the number of proxies in front of the service (e.g. 1), or their addresses (e.g. 127.0.0.1,10.0.0.0/8)',
  })
  .transform((v): false | number | string[] => {
    if (/^(0|false|off)$/.test(v)) return false;
    if (/^\d+$/.test(v)) return Number(v);
    return v.split(',').map((e) => e.trim());
  });

/** Every setting; the README's table and .env.example list the same keys (test/api/config.test.ts). */
export const ConfigSchema = z
  .object({
    PORT: z.coerce
      .number({ error: 'PORT must be a number' })
      .int('PORT must be a whole number')
      .min(1, 'PORT must be between 1 and 65535')
      .max(65535, 'PORT must be between 1 and 65535')
      .default(3000),
    HOST: z.string().min(1, 'HOST must not be empty').default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .refine((v) => v === ':memory:' || /^file:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
        message: 'DATABASE_URL must be file:<path> (SQLite, e.g. file:data/delphi.db) or postgres://user:password@host:5432/database (PostgreSQL)',
      })
      .default('file:data/delphi.db'),
    DATABASE_POOL_SIZE: z.coerce
      .number({ error: 'DATABASE_POOL_SIZE must be a number of connections' })
      .int('DATABASE_POOL_SIZE must be a whole number')
      .min(1, 'DATABASE_POOL_SIZE must be at least 1')
      .max(500, 'DATABASE_POOL_SIZE must be at most 500')
      .default(10),
    PUBLIC_URL: z.url({ error: 'PUBLIC_URL must be an absolute URL such as https://delphi.example.org' }).optional(),
    INVITATION_TTL_DAYS: z.coerce
      .number({ error: 'INVITATION_TTL_DAYS must be a number of days' })
      .int('INVITATION_TTL_DAYS must be a whole number')
      .min(1, 'INVITATION_TTL_DAYS must be at least 1')
      .max(3650, 'INVITATION_TTL_DAYS must be at most 3650')
      .default(365),
    ONE_TIME_PASSWORD_TTL_HOURS: z.coerce
      .number({ error: 'ONE_TIME_PASSWORD_TTL_HOURS must be a number of hours' })
      .int('ONE_TIME_PASSWORD_TTL_HOURS must be a whole number')
      .min(1, 'ONE_TIME_PASSWORD_TTL_HOURS must be at least 1')
      .max(720, 'ONE_TIME_PASSWORD_TTL_HOURS must be at most 720 (30 days)')
      .default(24),
    TRUST_PROXY: TrustProxySchema,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ALLOW_WEAK_DURABILITY: z
      .enum(['0', '1', 'true', 'false'], { error: 'ALLOW_WEAK_DURABILITY must be 0 or 1' })
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465' }).optional(),
    SMTP_FROM: z
      .string()
      .trim()
      .max(300)
      .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'SMTP_FROM must be an address such as "Delphi study <delphi@example.org>"')
      .optional(),
    SCHEDULER_INTERVAL_SECONDS: z.coerce
      .number({ error: 'SCHEDULER_INTERVAL_SECONDS must be a number of seconds' })
      .int('SCHEDULER_INTERVAL_SECONDS must be a whole number')
      .min(1, 'SCHEDULER_INTERVAL_SECONDS must be at least 1')
      .max(3600, 'SCHEDULER_INTERVAL_SECONDS must be at most 3600')
      .default(30),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce
      .number({ error: 'SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds' })
      .int('SHUTDOWN_TIMEOUT_SECONDS must be a whole number')
      .min(1, 'SHUTDOWN_TIMEOUT_SECONDS must be at least 1')
      .max(3600, 'SHUTDOWN_TIMEOUT_SECONDS must be at most 3600')
      .default(20),
    SOURCE_URL: z
      .url({ protocol: /^https?$/, error: 'SOURCE_URL must be an http(s) address of the source code, such as https://git.example.org/delphi' })
      .default(PACKAGE.repository),
    DEMO: z.enum(['on', 'off'], { error: 'DEMO must be on or off' }).default('on'),
  })
  .refine((c) => c.SMTP_URL === undefined || c.SMTP_FROM !== undefined, {
    message: 'SMTP_FROM is required with SMTP_URL (the sender panelists see, e.g. "Delphi study <delphi@example.org>")',
    path: ['SMTP_FROM'],
  });

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; every other module receives the Config object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The SMTP server e-mail goes through, or null when e-mail is off (links are then shown for the facilitator to send). */
export function smtpSettings(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>): { url: string; from: string } | null {
  return config.SMTP_URL && config.SMTP_FROM ? { url: config.SMTP_URL, from: config.SMTP_FROM } : null;
}

export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`).replace(/\/$/, '');
}
