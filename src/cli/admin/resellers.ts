// resellers:create, resellers:suspend, resellers:reactivate, resellers:list (resellers:edit is in ../reseller-edit.ts).
import { z } from 'zod';
import { percentOf } from '../../domain/invoicing/statement';
import { createReseller, listResellers, setResellerSuspended } from '../../domain/use-cases/admin/resellers';
import { refusalLine, resellerJson, resellerLines } from '../reseller-edit';
import { checkOptions, done, FORBIDDEN_LINE, refuse, text, usage, type AdminCommand } from './command';

const createOptions = z.object({
  'partner-id': text(40), company: text(), country: text(2), level: text(40),
  'legal-name': text().optional(), street: text().optional(), postcode: text(20).optional(), city: text().optional(),
  'vat-id': text(30).optional(), 'vat-rate': text(10).optional(), timezone: text(60).optional(), currency: text(4).optional(),
});

const create: AdminCommand = {
  usage: 'resellers:create --partner-id <id> --company <name> --country XX --level <level code> [--legal-name …] [--street … --postcode … --city …] [--vat-id …] [--vat-rate <percent>] [--timezone <IANA zone>] [--currency <code>]',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(createOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}: every value goes with its option`);
    const o = checked.value;
    const result = await createReseller(ctx.store, {
      actor: ctx.actor,
      request: {
        partnerId: o['partner-id'], company: o.company, country: o.country, level: o.level, legalName: o['legal-name'], street: o.street, postcode: o.postcode,
        city: o.city, vatId: o['vat-id'], vatRate: o['vat-rate'], timezone: o.timezone, currency: o.currency,
      },
    });
    switch (result.kind) {
      case 'created':
        return done(ctx, { kind: 'created', reseller: resellerJson(result.reseller) }, [
          `reseller ${result.reseller.partnerId} (${result.reseller.company}) created:`, ...resellerLines(result.reseller),
          `  VAT ID: ${result.reseller.vatId ?? '(none)'}${result.reseller.vatId ? ' (format checked; resellers:edit --vat-id checks it at the VAT service)' : ''}`,
          `  VAT: ${result.reseller.vatTreatment.replace('_', ' ')} at ${percentOf(result.reseller.vatRateBp)} %`,
        ]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'partner_id_taken': return refuse(ctx, `partner id ${result.partnerId} is taken by another reseller`, result);
      case 'invalid_partner_id': return refuse(ctx, '--partner-id must be 1 to 40 letters, digits or hyphens', result);
      case 'invalid_company': return refuse(ctx, '--company must be 2 to 200 characters', result);
      default: return refuse(ctx, refusalLine(o['partner-id'], result), result);
    }
  },
};

const reasonOptions = z.object({ reason: text(500).optional() });

function suspension(suspend: boolean): AdminCommand {
  return {
    usage: `resellers:${suspend ? 'suspend' : 'reactivate'} <partner id> [--reason <text>]`,
    async run(ctx, { positionals, options }) {
      const checked = checkOptions(reasonOptions, options);
      if (checked.kind !== 'ok') return usage(ctx, checked.problem);
      const partnerId = positionals[0];
      if (!partnerId || positionals.length > 1) return usage(ctx, 'give the partner id of the reseller (one)');
      const result = await setResellerSuspended(ctx.store, { actor: ctx.actor, partnerId, suspend, reason: checked.value.reason ?? null, now: ctx.now() });
      switch (result.kind) {
        case 'suspended':
          return done(ctx, { kind: result.kind, reseller: resellerJson(result.reseller) }, [`reseller ${partnerId} (${result.reseller.company}) is suspended: its users cannot log in or order, and it gets no reminders; nothing was deleted`]);
        case 'reactivated':
          return done(ctx, { kind: result.kind, reseller: resellerJson(result.reseller) }, [`reseller ${partnerId} (${result.reseller.company}) is active again`]);
        case 'already_suspended': return refuse(ctx, `reseller ${partnerId} is suspended already (since ${result.reseller.suspendedAt?.toISOString()})`, { kind: result.kind });
        case 'not_suspended': return refuse(ctx, `reseller ${partnerId} is not suspended`, { kind: result.kind });
        case 'not_found': return refuse(ctx, `no reseller with partner id ${partnerId}`, result);
        case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
        default: {
          const never: never = result;
          throw new Error(`unknown result ${JSON.stringify(never)}`);
        }
      }
    },
  };
}

const listOptions = z.object({ level: text(40).optional(), country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as NL').optional(), suspended: z.literal(true).optional() });

const list: AdminCommand = {
  usage: 'resellers:list [--level <code>] [--country XX] [--suspended]',
  flags: ['suspended'],
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(listOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}`);
    const { level, country, suspended } = checked.value;
    const result = await listResellers(ctx.store, { actor: ctx.actor, filter: { level: level?.toLowerCase(), country: country?.toUpperCase(), suspended } });
    return done(ctx, { kind: 'listed', resellers: result.resellers.map(resellerJson) }, result.resellers.length === 0 ? ['no reseller matches'] : result.resellers.map((r) =>
      `${r.partnerId}\t${r.company}\t${r.country}\t${r.levelCode} ${percentOf(r.discountBp)} %\t${r.timezone}${r.suspendedAt ? `\tSUSPENDED since ${r.suspendedAt.toISOString().slice(0, 10)}` : ''}`));
  },
};

export const resellerCommands: Record<string, AdminCommand> = {
  'resellers:create': create,
  'resellers:suspend': suspension(true),
  'resellers:reactivate': suspension(false),
  'resellers:list': list,
};
