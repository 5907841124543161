// coupons:create, coupons:disable, coupons:report.
import { z } from 'zod';
import { formatMoney } from '../../domain/pricing/money';
import { couponReport, createCoupon, disableCoupon } from '../../domain/use-cases/admin/coupons';
import { checkOptions, done, FORBIDDEN_LINE, isoDate, percent, refuse, text, usage, type AdminCommand } from './command';

const amount = z.string().regex(/^\d{1,7}(?:\.\d{2})?$/, 'must be an amount like 50.00').transform((a) => Math.round(Number(a) * 100));
const count = z.string().regex(/^\d{1,7}$/, 'must be a whole number').transform(Number);

const createOptions = z.object({
  code: text(30), percent: percent.optional(), amount: amount.optional(), minimum: amount.optional(), kinds: text(100).optional(),
  from: isoDate.optional(), until: isoDate, 'max-uses': count.optional(), 'per-reseller': count.optional(),
});

const create: AdminCommand = {
  usage: 'coupons:create --code <CODE> --percent <p> | --amount <50.00> --until <YYYY-MM-DD> [--from <YYYY-MM-DD>] [--minimum <500.00>] [--kinds new_license,upgrade,renew_annual,renew_maintenance] [--max-uses <n>] [--per-reseller <n>]',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(createOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}: every value goes with its option`);
    const o = checked.value;
    if ((o.percent === undefined) === (o.amount === undefined)) return usage(ctx, 'give --percent or --amount (one of them)');
    const today = await ctx.today();
    const result = await createCoupon(ctx.store, {
      actor: ctx.actor, today,
      request: {
        code: o.code, value: o.percent !== undefined ? { type: 'percent', basisPoints: o.percent } : { type: 'amount', amountCents: o.amount as number },
        validFrom: o.from ?? today, validUntil: o.until, minSubtotalCents: o.minimum ?? null, appliesTo: o.kinds?.split(',') ?? null,
        maxRedemptions: o['max-uses'] ?? null, perResellerLimit: o['per-reseller'] ?? null,
      },
    });
    switch (result.kind) {
      case 'created': {
        const c = result.coupon;
        return done(ctx, result, [
          `coupon ${c.code}: ${c.value.type === 'percent' ? `${c.value.basisPoints / 100} %` : formatMoney(c.value.amountCents)} off, valid ${c.validFrom} to ${c.validUntil}`,
          `  minimum ${c.minSubtotalCents === null ? 'none' : formatMoney(c.minSubtotalCents)}; lines: ${c.appliesTo?.join(', ') ?? 'any'}; uses: ${c.maxRedemptions ?? 'unlimited'} in all, ${c.perResellerLimit ?? 'unlimited'} per reseller`,
        ]);
      }
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'code_taken': return refuse(ctx, `a coupon ${o.code.toUpperCase()} exists (codes are matched in any case)`, result);
      case 'invalid_code': return refuse(ctx, '--code must be 3 to 30 letters, digits, _ or -', result);
      case 'invalid_value': return refuse(ctx, '--percent must be above 0 and at most 100, --amount above 0', result);
      case 'invalid_dates': return refuse(ctx, '--from must be on or before --until', result);
      case 'ends_in_past': return refuse(ctx, `--until is before today (${today})`, result);
      case 'invalid_limit': return refuse(ctx, '--max-uses and --per-reseller must be at least 1', result);
      case 'invalid_minimum': return refuse(ctx, '--minimum must be an amount like 500.00', result);
      case 'invalid_kinds': return refuse(ctx, `--kinds must be a comma-separated list of ${result.kinds.join(', ')}`, result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const none = z.object({});

const disable: AdminCommand = {
  usage: 'coupons:disable <CODE>',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(none, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const [code, ...more] = positionals;
    if (!code || more.length > 0) return usage(ctx, 'give the coupon code (one)');
    const result = await disableCoupon(ctx.store, { actor: ctx.actor, code, now: ctx.now() });
    switch (result.kind) {
      case 'disabled': return done(ctx, result, [`coupon ${result.coupon.code} is disabled: refused from now on; orders that used it keep it`]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'not_found': return refuse(ctx, `no coupon ${code}`, result);
      case 'already_disabled': return refuse(ctx, `coupon ${code} is disabled already`, result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const reportOptions = z.object({ code: text(30).optional() });

const report: AdminCommand = {
  usage: 'coupons:report [--code <CODE>]',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(reportOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}`);
    const result = await couponReport(ctx.store, { code: checked.value.code ?? null });
    if (result.kind === 'not_found') return refuse(ctx, `no coupon ${checked.value.code}`, result);
    return done(ctx, result, result.coupons.flatMap((c) => [
      `${c.code}${c.disabledAt ? ' (disabled)' : ''}: ${c.redeemed} redeemed, ${c.reserved} reserved by unpaid orders`,
      ...c.byReseller.map((r) => `  ${r.partnerId} ${r.company}: ${r.redeemed} redeemed, ${r.reserved} reserved`),
    ]));
  },
};

export const couponCommands: Record<string, AdminCommand> = {
  'coupons:create': create,
  'coupons:disable': disable,
  'coupons:report': report,
};
