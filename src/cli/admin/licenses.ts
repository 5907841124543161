// licenses:import, licenses:export: the licenses resellers already hold, as a CSV.
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { LicenseChange, LicenseRow } from '../../domain/admin/license-import';
import { exportLicenses, importLicenses } from '../../domain/use-cases/admin/licenses';
import { checkOptions, csvFileOf, done, FORBIDDEN_LINE, refuse, text, usage, type AdminCommand } from './command';

const termWord = (type: LicenseRow['type']) => (type === 'annual' ? 'expires' : 'maintenance until');

function addedLine(row: LicenseRow, verb: string): string {
  return `  ${verb} ${row.key}: partner ${row.partnerId}, ${row.edition} ${row.sc} SC ${row.type}, ${termWord(row.type)} ${row.termEnd}${row.endCustomer === null ? '' : `, end customer ${row.endCustomer}`}`;
}

function changedLine(c: LicenseChange, verb: string): string {
  const parts = [
    ...(c.edition ? [`edition ${c.edition.from} → ${c.edition.to}`] : []),
    ...(c.sc ? [`${c.sc.from} SC → ${c.sc.to} SC`] : []),
    ...(c.termEnd ? [`${termWord(c.license.type)} ${c.termEnd.from ?? 'none'} → ${c.termEnd.to}${c.termEnd.from !== null && c.termEnd.to < c.termEnd.from ? ' (earlier than recorded)' : ''}`] : []),
    ...(c.endCustomer ? [`end customer ${c.endCustomer.from ?? 'none'} → ${c.endCustomer.to}`] : []),
  ];
  return `  ${verb} ${c.license.key} (partner ${c.license.partnerId}): ${parts.join('; ')}`;
}

/** Each license added and changed, and the counts; `applied` says it in the past tense. */
function planLines(result: { added: LicenseRow[]; changed: LicenseChange[]; unchanged: number }, applied: boolean): string[] {
  const [add, change] = applied ? ['added', 'changed'] : ['add', 'change'];
  return [
    ...result.added.map((row) => addedLine(row, add)),
    ...result.changed.map((c) => changedLine(c, change)),
    applied
      ? `  ${result.added.length} added, ${result.changed.length} changed, ${result.unchanged} unchanged`
      : `  ${result.added.length} to add, ${result.changed.length} to change, ${result.unchanged} unchanged`,
  ];
}

const importOptions = z.object({ yes: z.literal(true).optional() });

const licensesImport: AdminCommand = {
  usage: 'licenses:import <file.csv> [--yes]  (key,partner_id,edition,sc,type,term_end,end_customer; without --yes only what it adds and changes is shown)',
  flags: ['yes'],
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(importOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const read = await csvFileOf(ctx, positionals);
    if (typeof read === 'number') return read;
    const { file, csv } = read;
    const result = await importLicenses(ctx.store, { actor: ctx.actor, csv, apply: checked.value.yes === true });
    switch (result.kind) {
      case 'preview': return done(ctx, result, ['license list against the licenses recorded:', ...planLines(result, false), 'nothing changed: run again with --yes to apply it']);
      case 'applied': return done(ctx, result, ['license list recorded (renewals, upgrades and reminders use it from now on):', ...planLines(result, true)]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'invalid_csv': return refuse(ctx, `${file} line ${result.line}: ${result.problem}`, result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const exportOptions = z.object({ reseller: text(40).optional(), out: text(500).optional() });

const licensesExport: AdminCommand = {
  usage: 'licenses:export [--reseller <partner id>] [--out <file.csv>]  (every recorded license, or one reseller\'s; stdout without --out)',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(exportOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}`);
    const result = await exportLicenses(ctx.store, { partnerId: checked.value.reseller ?? null });
    if (result.kind === 'no_such_reseller') return refuse(ctx, `there is no reseller with partner id ${result.partnerId}`, result);
    if (checked.value.out) {
      await writeFile(checked.value.out, result.csv);
      return done(ctx, { kind: 'exported', licenses: result.licenses, file: checked.value.out }, [`${result.licenses} license(s) in ${checked.value.out}`]);
    }
    ctx.io.out(ctx.json ? `${JSON.stringify(result)}\n` : result.csv);
    return 0;
  },
};

export const licenseCommands: Record<string, AdminCommand> = {
  'licenses:import': licensesImport,
  'licenses:export': licensesExport,
};
