import { z } from 'zod';

const ConfigSchema = z.object({
  PORT: z.coerce
    .number({ error: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(1, 'PORT must be between 1 and 65535')
    .max(65535, 'PORT must be between 1 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'HOST must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .refine((v) => v === ':memory:' || /^file:.+/.test(v), {
      message: 'DATABASE_URL must be file:<path> (SQLite), e.g. file:data/delphi.db',
    })
    .default('file:data/delphi.db'),
  PUBLIC_URL: z.url({ error: 'PUBLIC_URL must be an absolute URL such as https://delphi.example.org' }).optional(),
  INVITATION_TTL_DAYS: z.coerce
    .number({ error: 'INVITATION_TTL_DAYS must be a number of days' })
    .int('INVITATION_TTL_DAYS must be a whole number')
    .min(1, 'INVITATION_TTL_DAYS must be at least 1')
    .max(3650, 'INVITATION_TTL_DAYS must be at most 3650')
    .default(365),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALLOW_WEAK_DURABILITY: z
    .enum(['0', '1', 'true', 'false'], { error: 'ALLOW_WEAK_DURABILITY must be 0 or 1' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; every other module receives the Config object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`).replace(/\/$/, '');
}
