// How every admin command of `npm run ops` reads its arguments and answers: options checked
// with zod (a bad one is one line on stderr and exit 2, nothing changed), a refusal of the use
// case one line on stderr and exit 1, `--json` for scripts (the result as one JSON object on
// stdout, the refusal's line still on stderr).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { StaffActor } from '../../domain/admin/actor';
import type { AdminStore } from '../../domain/admin/ports';
import type { PasswordHasher, VatNumberChecker } from '../../domain/ports';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** What an admin command works with; built by ops.ts, or by a test around its own database. */
export interface AdminCliDeps {
  store: AdminStore;
  now(): Date;
  /** The distributor's today. */
  today(): Promise<string>;
  io: CliIo;
  vatChecker: VatNumberChecker | null;
  hasher: PasswordHasher;
  /** The Telegram bot's username (for invitation links), when known. */
  telegramBot: string | null;
  /** Who runs the command when --by is not given (the OS user). */
  operator: string;
  /** Queues the delivery of outbox messages (the notifications job); opened only when needed. */
  deliver(outboxIds: number[]): Promise<void>;
}

export interface AdminCliContext extends AdminCliDeps {
  actor: StaffActor;
  json: boolean;
}

/** The words and `--option value` pairs of a command line (after the command's name). */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

export interface AdminCommand {
  /** One line: the command with its arguments, as the usage text shows it. */
  usage: string;
  /** Options given without a value. */
  flags?: readonly string[];
  run(ctx: AdminCliContext, args: ParsedArgs): Promise<number>;
}

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** Splits a command line; undefined plus a problem when an option lacks its value or comes twice. */
export function parseArgs(argv: readonly string[], flags: readonly string[]): ParsedArgs | { problem: string } {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (!word.startsWith('--')) {
      positionals.push(word);
      continue;
    }
    const name = word.slice(2);
    if (name in options) return { problem: `${word} is given twice` };
    if (flags.includes(name)) {
      options[name] = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return { problem: `${word} needs a value` };
    options[name] = value;
    i++;
  }
  return { positionals, options };
}

/**
 * Checks the options against `schema` (strict: an unknown option is refused); the parsed
 * values, or the one line that says what is wrong.
 */
export function checkOptions<S extends z.ZodObject>(schema: S, options: Record<string, unknown>): { kind: 'ok'; value: z.infer<S> } | { kind: 'usage'; problem: string } {
  const parsed = schema.strict().safeParse(options);
  if (parsed.success) return { kind: 'ok', value: parsed.data as z.infer<S> };
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys') {
    return { kind: 'usage', problem: `unknown option --${issue.keys[0]}: use ${Object.keys(schema.shape).map((k) => `--${k}`).join(', ')}` };
  }
  const name = issue.path.length > 0 ? `--${String(issue.path[0])}` : 'the options';
  return { kind: 'usage', problem: `${name}: ${issue.message}` };
}

/** Prints a usage problem: one line, exit 2. */
export function usage(ctx: Pick<AdminCliContext, 'io'>, problem: string): number {
  ctx.io.err(`${problem}: nothing changed\n`);
  return EXIT.usage;
}

/** Prints a refusal of the use case: one line on stderr (and the result as JSON with --json), exit 1. */
export function refuse(ctx: AdminCliContext, line: string, result: unknown): number {
  ctx.io.err(`${line}: nothing changed\n`);
  if (ctx.json) ctx.io.out(`${JSON.stringify(result)}\n`);
  return EXIT.refused;
}

/** The one CSV file a command's positionals name, read; else the exit code of saying what is wrong (nothing changed). */
export async function csvFileOf(ctx: AdminCliContext, positionals: readonly string[]): Promise<{ file: string; csv: string } | number> {
  const [file, ...more] = positionals;
  if (!file || more.length > 0) return usage(ctx, 'give the CSV file (one)');
  try {
    return { file, csv: await readFile(file, 'utf8') };
  } catch (error) {
    return refuse(ctx, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { kind: 'unreadable_file' });
  }
}

/** Prints what was done: `lines` for people, `result` as JSON with --json. */
export function done(ctx: AdminCliContext, result: unknown, lines: readonly string[]): number {
  ctx.io.out(ctx.json ? `${JSON.stringify(result)}\n` : `${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** The line of an admin action refused to a `staff` role. */
export const FORBIDDEN_LINE = (actor: StaffActor) => `${actor.name} is ${actor.role === 'staff' ? 'staff, not an administrator' : actor.role}: only an administrator may do this`;

/** Zod pieces shared by the commands. */
export const text = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-01-01')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a date of the calendar');
export const percent = z.string().regex(/^\d{1,3}(?:[.,]\d{1,2})?$/, 'must be a percentage like 20 or 12.5')
  .transform((p) => Math.round(Number(p.replace(',', '.')) * 100)).refine((bp) => bp <= 10_000, 'must be at most 100');
