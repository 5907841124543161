// audit [--person …] [--reseller …] [--order …] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit n]
import { z } from 'zod';
import { searchAudit } from '../../domain/use-cases/admin/audit';
import { checkOptions, done, isoDate, refuse, text, usage, type AdminCommand } from './command';

const options = z.object({
  person: text(100).optional(), reseller: text(40).optional(), order: text(40).optional(), from: isoDate.optional(), to: isoDate.optional(),
  limit: z.string().regex(/^\d{1,4}$/, 'must be a number from 1 to 1000').transform(Number).refine((n) => n >= 1 && n <= 1000, 'must be a number from 1 to 1000').optional(),
});

const audit: AdminCommand = {
  usage: 'audit [--person <username>] [--reseller <partner id>] [--order <number or reference>] [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--limit <n, default 100>]',
  async run(ctx, args) {
    const checked = checkOptions(options, args.options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (args.positionals.length > 0) return usage(ctx, `unexpected ${args.positionals[0]}: give each criterion with its option`);
    const { limit, ...query } = checked.value;
    const timeZone = await ctx.store.transaction(async (repos) => (await repos.distributor.get()).timezone);
    const result = await searchAudit(ctx.store, { actor: ctx.actor, query: { ...query, limit: limit ?? 100 }, timeZone });
    switch (result.kind) {
      case 'found':
        return done(ctx, result, result.entries.length === 0 ? ['no audit entries match'] : result.entries.map((e) =>
          `${e.at.toISOString()}\t${e.actorName}\t${e.action}\t${e.subjectName ?? '-'}\t${JSON.stringify(e.details)}`));
      case 'reseller_not_found': return refuse(ctx, `no reseller with partner id ${query.reseller}`, result);
      case 'order_not_found': return refuse(ctx, `no order ${query.order}: give its number (42) or its payment reference (TCX-000042-xx)`, result);
      case 'invalid_dates': return refuse(ctx, '--from must be on or before --to', result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

export const auditCommands: Record<string, AdminCommand> = { audit };
