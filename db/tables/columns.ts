import { sql } from 'drizzle-orm';
import { text } from 'drizzle-orm/sqlite-core';

// Column names come out snake_case through drizzle's `casing` option (db/client.ts, drizzle.config.ts).
export const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
export const createdAt = () => text().notNull().default(now);

export type Json = unknown;
