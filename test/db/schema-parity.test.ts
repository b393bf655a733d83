import { getTableName, is, SQL, Table } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { getTableConfig as getPgTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pg from '../../db/schema.pg';
import * as sqlite from '../../db/schema';

// The repositories are typed with db/schema.ts and run against db/schema.pg.ts on PostgreSQL, so
// the two must describe the same tables. Each side is reduced to a neutral description and compared.

type Config = ReturnType<typeof getSqliteTableConfig> | ReturnType<typeof getPgTableConfig>;
type NamedColumn = { name: string; keyAsName: boolean };

/** Which column types stand for the same thing on both databases. */
const TYPES: Record<string, string> = {
  SQLiteInteger: 'integer',
  PgInteger: 'integer',
  SQLiteBoolean: 'boolean',
  PgBoolean: 'boolean',
  SQLiteTextJson: 'json',
  PgJson: 'json',
  SQLiteText: 'text',
  PgText: 'text',
  SQLiteReal: 'double',
  PgDoublePrecision: 'double',
};

/** The neutral type of a column; on PostgreSQL, the one custom type is JSON kept as text (jsonText in db/tables-pg/columns.ts). */
function typeOf(c: Config['columns'][number]): string {
  if (c.columnType === 'PgCustomColumn' && c.getSQLType() === 'text') return 'json';
  return TYPES[c.columnType] ?? `unmapped ${c.columnType}`;
}

/** SQL defaults that mean the same: the ISO timestamp of now, and JSON literals. */
const SQL_DEFAULTS: [RegExp, string][] = [
  [/^\(strftime\('%Y-%m-%dT%H:%M:%fZ','now'\)\)$/, 'now'],
  [/^\(to_char\(now\(\) at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS\.MS"Z"'\)\)$/, 'now'],
  [/^('.*')::json$/, '$1'],
];

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

// Column names are the property keys, turned into SQL names by drizzle's `casing: 'snake_case'`.
const sqlName = (c: NamedColumn) => (c.keyAsName ? toSnakeCase(c.name) : c.name);

function defaultOf(value: unknown, dialect: SQLiteSyncDialect | PgDialect) {
  if (!is(value, SQL)) return value;
  const text = dialect.sqlToQuery(value).sql;
  const known = SQL_DEFAULTS.find(([pattern]) => pattern.test(text));
  return { sql: known ? text.replace(known[0], known[1]) : text };
}

function describeTable(config: Config, dialect: SQLiteSyncDialect | PgDialect) {
  return {
    columns: Object.fromEntries(
      config.columns.map((c) => [
        c.name,
        {
          sqlName: sqlName(c),
          type: typeOf(c),
          enumValues: c.enumValues,
          notNull: c.notNull,
          hasDefault: c.hasDefault,
          default: defaultOf(c.default, dialect),
          primary: c.primary,
          unique: c.isUnique ? c.uniqueName : false,
        },
      ]),
    ),
    indexes: config.indexes
      .map(({ config: i }) => ({ name: i.name ?? '', unique: i.unique, columns: (i.columns as NamedColumn[]).map(sqlName) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    primaryKeys: config.primaryKeys.map((pk) => (pk.columns as NamedColumn[]).map(sqlName)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: (ref.columns as NamedColumn[]).map(sqlName),
          foreignTable: getTableName(ref.foreignTable),
          foreignColumns: (ref.foreignColumns as NamedColumn[]).map(sqlName),
          // Both default to NO ACTION; drizzle leaves it undefined on SQLite only.
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

const sqliteTables = Object.entries(sqlite as Record<string, unknown>).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable));
const pgTables = Object.entries(pg as Record<string, unknown>).filter((e): e is [string, PgTable] => is(e[1], PgTable));

describe('db/schema.pg.ts, the PostgreSQL twin of db/schema.ts', () => {
  it('exports the same tables under the same names', () => {
    const names = (tables: [string, Table][]) => tables.map(([key, t]) => `${key}: ${getTableName(t)}`).sort();
    expect(sqliteTables.length).toBeGreaterThan(0);
    expect(names(pgTables)).toEqual(names(sqliteTables));
  });

  it('exports the same e-mail kinds', () => {
    expect(pg.EMAIL_KINDS).toEqual(sqlite.EMAIL_KINDS);
  });

  it.each(sqliteTables.map(([key]) => key))('%s has the same columns, indexes and keys', (key) => {
    const twin = pg[key as keyof typeof pg];
    expect(is(twin, PgTable), `db/schema.pg.ts has no table ${key}`).toBe(true);
    const original = describeTable(getSqliteTableConfig(sqlite[key as keyof typeof sqlite] as SQLiteTable), sqliteDialect);
    expect(describeTable(getPgTableConfig(twin as PgTable), pgDialect)).toEqual(original);
  });

  it('gives every table the same row types for select and insert', () => {
    type Tables<M> = { [K in keyof M as M[K] extends Table ? K : never]: M[K] };
    type Selected<M> = { [K in keyof Tables<M>]: Tables<M>[K] extends { $inferSelect: infer R } ? R : never };
    type Inserted<M> = { [K in keyof Tables<M>]: Tables<M>[K] extends { $inferInsert: infer R } ? R : never };
    expectTypeOf<Selected<typeof pg>>().toEqualTypeOf<Selected<typeof sqlite>>();
    expectTypeOf<Inserted<typeof pg>>().toEqualTypeOf<Inserted<typeof sqlite>>();
    expectTypeOf<pg.EmailKind>().toEqualTypeOf<sqlite.EmailKind>();
    expectTypeOf<pg.Json>().toEqualTypeOf<sqlite.Json>();
  });
});
