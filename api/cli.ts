import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from '../db/client';
import { runMigrations } from '../db/migrate';
import { processIO, type CommandIO } from './commands/command-io';
import { errorMessage } from './error-message';

const USAGE = `Delphi panel service

Usage: npm run cli -- <command> [options]

Commands:
  serve [--demo]                 Serve the API and web app (npm start = serve --demo)
  migrate                        Apply database migrations and exit
  demo                           Seed the demo study into the database (if absent)
  admin create --email E [--name N] [--admin]
                                 Create a facilitator and print a one-time password
  stats FILE --scale MIN-MAX [--agree LO-HI] [--quantile hf7|hf6] [--json]
                                 Consensus statistics for a CSV (round,item,panelist,rating[,group])
  concordance FILE [--json] [--seed N]
                                 Kendall's W for a CSV of rankings (panelist,item,rank; with
                                 round and group columns: W per round and group, rho between rounds)
  relations FILE [--json]        DEMATEL influence map for a CSV of ratings (panelist,from,to,rating[,group])
  export --study ID_OR_SLUG --format html|pdf|xlsx|csv|json|relations-csv|rankings-csv|ranks-csv --out FILE [--round N]
                                 Write the consensus report or a data export of a study
  import FILE                    Restore a JSON study export as a new study; prints its slug
  backup FILE                    Copy the whole database while the server runs (SQLite online backup,
                                 or pg_dump for PostgreSQL)
  restore FILE                   Restore a backup into an empty database (server stopped)

Configuration (environment): PORT (3000), HOST (127.0.0.1), DATABASE_URL (file:data/delphi.db,
or postgres://user:password@host:5432/database), DATABASE_POOL_SIZE (10, PostgreSQL only),
PUBLIC_URL (base of invitation links), LOG_LEVEL (info), SMTP_URL and SMTP_FROM (e-mail; off
without them), SCHEDULER_INTERVAL_SECONDS (30), TRUST_PROXY (0: off; or the number of proxies in
front, or their addresses), ONE_TIME_PASSWORD_TTL_HOURS (24).
Run any command with --help for its options.`;

function config() {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

async function admin(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals[0] !== 'create' || !values.email) {
    io.stderr('Usage: npm run cli -- admin create --email E [--name N] [--admin]\n');
    return values.help ? 0 : 2;
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
    io.stderr(`"${values.email}" is not an e-mail address.\n`);
    return 2;
  }
  const cfg = config();
  const db = await openDatabase({ url: cfg.DATABASE_URL, allowWeakDurability: cfg.ALLOW_WEAK_DURABILITY });
  await runMigrations(db);
  const { createFacilitator } = await import('./services/facilitator-service');
  try {
    const ttlMs = cfg.ONE_TIME_PASSWORD_TTL_HOURS * 3_600_000;
    const { facilitator, oneTimePassword, expiresAt } = await createFacilitator(
      db,
      { email: values.email, name: values.name, isAdmin: values.admin ?? false },
      null,
      { ttlMs },
    );
    io.stdout(`Created facilitator ${facilitator.email}${facilitator.isAdmin ? ' (administrator)' : ''}.\n`);
    io.stdout(`One-time password: ${oneTimePassword}\n`);
    io.stdout(`It is shown only now; they must choose a new password at first sign-in, and it stops working at ${expiresAt}.\n`);
    return 0;
  } catch (e) {
    io.stderr(`${errorMessage(e)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' }, help: { type: 'boolean' } } });
      if (values.help) {
        io.stdout('Usage: npm run cli -- serve [--demo]\n  --demo  seed the demo study on an empty database\n');
        return 0;
      }
      const { startServer } = await import('./server');
      await startServer(config(), { demo: values.demo ?? false, print: (l) => io.stdout(`${l}\n`) });
      return -1; // keep running
    }
    case 'migrate': {
      const cfg = config();
      const db = await openDatabase({ url: cfg.DATABASE_URL, allowWeakDurability: cfg.ALLOW_WEAK_DURABILITY });
      await runMigrations(db);
      await db.close();
      io.stdout('Migrations applied.\n');
      return 0;
    }
    case 'demo': {
      const cfg = config();
      const db = await openDatabase({ url: cfg.DATABASE_URL, allowWeakDurability: cfg.ALLOW_WEAK_DURABILITY });
      await runMigrations(db);
      const { demoSignInLines, seedDemo } = await import('./demo/seed-demo');
      const { publicUrl } = await import('./config');
      const seeded = await seedDemo(db, publicUrl(cfg), { oneTimePasswordTtlHours: cfg.ONE_TIME_PASSWORD_TTL_HOURS });
      await db.close();
      if (!seeded) {
        io.stdout('The demo study exists already.\n');
        return 0;
      }
      for (const line of demoSignInLines(publicUrl(cfg), seeded)) io.stdout(`${line}\n`);
      return 0;
    }
    case 'admin':
      return admin(rest, io);
    case 'stats': {
      const { statsCommand } = await import('./commands/stats');
      return statsCommand(rest, io);
    }
    case 'concordance': {
      const { concordanceCommand } = await import('./commands/stats');
      return concordanceCommand(rest, io);
    }
    case 'relations':
      return (await import('./commands/relations')).relationsCommand(rest, io);
    case 'export':
      return (await import('./commands/export')).exportCommand(rest, io);
    case 'import':
      return (await import('./commands/export')).importCommand(rest, io);
    case 'backup':
      return (await import('./commands/backup')).backupCommand(rest, config(), io);
    case 'restore':
      return (await import('./commands/backup')).restoreCommand(rest, config(), io);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`${errorMessage(e)}\n`);
      process.exitCode = 1;
    },
  );
}
