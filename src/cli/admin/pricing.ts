// levels:list, levels:set, prices:import, prices:export.
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { percentOf } from '../../domain/invoicing/statement';
import { formatMoney } from '../../domain/pricing/money';
import type { PriceDiff } from '../../domain/pricing/price-import';
import { listPartnerLevels, setPartnerLevel } from '../../domain/use-cases/admin/levels';
import { exportPriceList, importPriceList } from '../../domain/use-cases/admin/prices';
import { checkOptions, csvFileOf, done, FORBIDDEN_LINE, isoDate, percent, refuse, text, usage, type AdminCommand } from './command';

const none = z.object({});

const levelsList: AdminCommand = {
  usage: 'levels:list',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(none, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}`);
    const result = await listPartnerLevels(ctx.store);
    return done(ctx, result, result.levels.map((l) => `${l.code}\t${l.name}\t${percentOf(l.discountBp)} %\t${l.resellers} reseller(s)`));
  },
};

const levelOptions = z.object({ discount: percent.optional(), name: text(60).optional() });

const levelsSet: AdminCommand = {
  usage: 'levels:set <code> [--discount <percent>] [--name <name>]  (a new level needs both)',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(levelOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const [code, ...more] = positionals;
    if (!code || more.length > 0) return usage(ctx, 'give the code of the level (one)');
    const result = await setPartnerLevel(ctx.store, { actor: ctx.actor, code, name: checked.value.name ?? null, discountBp: checked.value.discount ?? null });
    switch (result.kind) {
      case 'level_saved': return done(ctx, result, [
        `${result.after.code} (${result.after.name}): ${result.before ? `${percentOf(result.before.discountBp)} % → ` : 'new, '}${percentOf(result.after.discountBp)} %`,
        `${result.resellersMoved} reseller(s) on the level's discount moved with it; resellers with a discount of their own keep it`,
      ]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'invalid_code': return refuse(ctx, 'the code must be 2 to 30 lowercase letters, digits, _ or -, starting with a letter', result);
      case 'name_needed': return refuse(ctx, `there is no level ${code}: a new level needs --name and --discount`, result);
      case 'invalid_name': return refuse(ctx, '--name must be 2 to 60 characters', result);
      case 'invalid_discount': return refuse(ctx, '--discount must be from 0 to 100', result);
      case 'nothing_to_change': return refuse(ctx, `level ${code} has that name and discount already`, result);
      case 'name_taken': return refuse(ctx, 'another level has that name', result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

function diffLines(diff: PriceDiff): string[] {
  const item = (c: { edition: string; sc: number; kind: string }) => `${c.edition} ${c.sc} SC ${c.kind}`;
  return [
    ...diff.changed.map((c) => `  ${item(c)}: ${c.before === null ? 'not sold before' : formatMoney(c.before)} → ${formatMoney(c.after)}`),
    `  ${diff.changed.length} changed, ${diff.unchanged} unchanged${diff.kept.length > 0 ? `, ${diff.kept.length} not in the file keep their price` : ''}`,
  ];
}

const importOptions = z.object({ effective: isoDate, yes: z.literal(true).optional() });

const pricesImport: AdminCommand = {
  usage: 'prices:import <file.csv> --effective <YYYY-MM-DD> [--yes]  (edition,sc,kind,price; without --yes only the difference is shown)',
  flags: ['yes'],
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(importOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const read = await csvFileOf(ctx, positionals);
    if (typeof read === 'number') return read;
    const { file, csv } = read;
    const result = await importPriceList(ctx.store, { actor: ctx.actor, csv, effective: checked.value.effective, today: await ctx.today(), apply: checked.value.yes === true });
    switch (result.kind) {
      case 'preview': return done(ctx, result, [`price list from ${result.effective} against the list in force the day before:`, ...diffLines(result.diff), 'nothing changed: run again with --yes to apply it']);
      case 'applied': return done(ctx, result, [`price list from ${result.effective} applied (quotes from that day use it):`, ...diffLines(result.diff)]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'invalid_csv': return refuse(ctx, `${file} line ${result.line}: ${result.problem}`, result);
      case 'invalid_date': return refuse(ctx, '--effective must be a date like 2027-01-01', result);
      case 'effective_in_past': return refuse(ctx, `--effective must be today (${result.today}) or later: quotes already given stay as they were`, result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const exportOptions = z.object({ date: isoDate.optional(), out: text(500).optional() });

const pricesExport: AdminCommand = {
  usage: 'prices:export [--date <YYYY-MM-DD>] [--out <file.csv>]  (the list in force that day, today by default; stdout without --out)',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(exportOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}`);
    const result = await exportPriceList(ctx.store, { day: checked.value.date ?? (await ctx.today()) });
    if (result.kind !== 'exported') return refuse(ctx, '--date must be a date like 2027-01-01', result);
    if (checked.value.out) {
      await writeFile(checked.value.out, result.csv);
      return done(ctx, { kind: 'exported', day: result.day, file: checked.value.out }, [`the price list in force on ${result.day} is in ${checked.value.out}`]);
    }
    ctx.io.out(ctx.json ? `${JSON.stringify(result)}\n` : result.csv);
    return 0;
  },
};

export const pricingCommands: Record<string, AdminCommand> = {
  'levels:list': levelsList,
  'levels:set': levelsSet,
  'prices:import': pricesImport,
  'prices:export': pricesExport,
};
