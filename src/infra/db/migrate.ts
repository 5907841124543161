// Knex migrations from the repository's migrations/ folder. The files are TypeScript; they
// are loaded with this module's own dynamic import() so that whatever runs this module (tsx,
// or vitest's module runner) also compiles them. knex's built-in loader would import them
// through Node directly, which cannot load .ts.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

/** The repository's migrations/ folder (absolute). */
export const migrationsDirectory = fileURLToPath(new URL('../../../migrations/', import.meta.url));

const loadExtensions = ['.ts'];

export interface MigrateOptions {
  /** Another folder of migrations (tests use throwaway ones). */
  directory?: string;
}

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Lists `<directory>/*.ts` in name order and imports each on demand. */
export class TypeScriptMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly directory: string) {}

  async getMigrations(): Promise<string[]> {
    const files = await readdir(this.directory);
    return files
      .filter((file) => loadExtensions.includes(path.extname(file)) && !file.endsWith('.d.ts'))
      .sort();
  }

  getMigrationName(migration: string): string {
    return migration;
  }

  async getMigration(migration: string): Promise<MigrationModule> {
    const module = (await import(pathToFileURL(path.join(this.directory, migration)).href)) as Partial<MigrationModule>;
    if (typeof module.up !== 'function' || typeof module.down !== 'function') {
      throw new Error(`Migration ${migration} must export async functions up(knex) and down(knex).`);
    }
    return { up: module.up, down: module.down };
  }
}

function migratorConfig(options: MigrateOptions): Knex.MigratorConfig {
  return {
    migrationSource: new TypeScriptMigrationSource(options.directory ?? migrationsDirectory),
    tableName: 'knex_migrations',
    // No `directory` or `loadExtensions` here: knex would swap our source for its own
    // file loader ("FS-related option specified…"); the source filters on `loadExtensions`.
  };
}

/** Applies every pending migration; returns the names applied (empty when up to date). */
export async function migrateToLatest(knex: Knex, options: MigrateOptions = {}): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(migratorConfig(options))) as [number, string[]];
  return applied;
}

/** Undoes every applied migration, newest first; returns the names undone. */
export async function rollbackAll(knex: Knex, options: MigrateOptions = {}): Promise<string[]> {
  const [, undone] = (await knex.migrate.rollback(migratorConfig(options), true)) as [number, string[]];
  return undone;
}

/** Names of applied and pending migrations. */
export async function migrationStatus(knex: Knex, options: MigrateOptions = {}): Promise<{ applied: string[]; pending: string[] }> {
  const [completed, pending] = (await knex.migrate.list(migratorConfig(options))) as [
    { name: string }[],
    { file: string }[] | string[],
  ];
  return {
    applied: completed.map((entry) => entry.name),
    pending: pending.map((entry) => (typeof entry === 'string' ? entry : entry.file)),
  };
}
