// The admin commands of `npm run ops`, one table: each runs the same way from ops.ts or a test.
import type { StaffActor } from '../../domain/admin/actor';
import { resellersEdit } from '../reseller-edit';
import { EXIT, parseArgs, usage, type AdminCliDeps, type AdminCommand } from './command';
import { resellerCommands } from './resellers';
import { userCommands } from './users';
import { pricingCommands } from './pricing';
import { licenseCommands } from './licenses';
import { couponCommands } from './coupons';
import { broadcastCommands } from './broadcasts';
import { auditCommands } from './audit';

export const ADMIN_COMMANDS: Record<string, AdminCommand> = {
  ...resellerCommands,
  'resellers:edit': resellersEdit,
  ...userCommands,
  ...pricingCommands,
  ...licenseCommands,
  ...couponCommands,
  ...broadcastCommands,
  ...auditCommands,
};

/** Options every admin command takes. */
const COMMON_FLAGS = ['json'];

/**
 * Runs one admin command: `--json` and `--by <name>` are read here. `--by` naming a staff
 * account acts as that account with its role; otherwise the operator of the server (who holds
 * the database's credentials) acts as an administrator under that name or the OS user's.
 */
export async function runAdminCommand(name: string, argv: readonly string[], deps: AdminCliDeps): Promise<number> {
  const command = Object.hasOwn(ADMIN_COMMANDS, name) ? ADMIN_COMMANDS[name] : undefined;
  if (!command) return usage(deps, `unknown command ${name}`);
  const parsed = parseArgs(argv, [...COMMON_FLAGS, ...(command.flags ?? [])]);
  if ('problem' in parsed) return usage(deps, parsed.problem);
  const { json, by, ...options } = parsed.options;
  if (by === true) return usage(deps, '--by needs a value');
  const actor = await actorNamed(deps, typeof by === 'string' ? by.trim() : deps.operator);
  if (actor.kind === 'inactive') {
    deps.io.err(`staff account ${actor.name} is not active: nothing changed\n`);
    return EXIT.refused;
  }
  return command.run({ ...deps, actor, json: json === true }, { positionals: parsed.positionals, options });
}

async function actorNamed(deps: AdminCliDeps, name: string): Promise<StaffActor | { kind: 'inactive'; name: string }> {
  const account = await deps.store.transaction((repos) => repos.staff.findByUsername(name));
  if (!account) return { kind: 'staff', id: null, name, role: 'admin' };
  if (!account.active) return { kind: 'inactive', name };
  return { kind: 'staff', id: account.id, name: account.username, role: account.role };
}

/** The usage lines of every admin command. */
export function adminUsage(): string {
  return Object.values(ADMIN_COMMANDS).map((c) => `  npm run ops -- ${c.usage} [--json] [--by <name>]`).join('\n');
}
