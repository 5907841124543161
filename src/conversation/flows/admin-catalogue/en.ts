// The words of the admin chat's catalogue and messages: partner levels, price lists, coupons and
// broadcasts (the old Admin portal), in English.
import { actorName } from '../../../domain/admin/actor';
import type { BroadcastRecipient, BroadcastReport, CouponUse } from '../../../domain/admin/ports';
import { percentOf } from '../../../domain/invoicing/statement';
import { formatMoney } from '../../../domain/pricing/money';
import type { PriceDiff } from '../../../domain/pricing/price-import';
import { MAX_COUPON_USES, type CouponCreateResult, type CouponDisableResult, type CouponRequest } from '../../../domain/use-cases/admin/coupons';
import type { LevelResult } from '../../../domain/use-cases/admin/levels';
import type { PriceImportResult } from '../../../domain/use-cases/admin/prices';
import type { CouponProblem, LevelProblem } from './parse';
import type { AudienceView, LevelChange, LevelView, ReachView } from './types';

const MAX_DIFF_LINES = 40;
const pct = (bp: number) => `${percentOf(bp)} %`;
const audienceWords = (a: AudienceView) => [a.level ? `partner level ${a.level}` : null, a.country ? `in ${a.country}` : null].filter(Boolean).join(', ') || 'every reseller';
const couponValue = (r: Pick<CouponRequest, 'value'>) => (r.value.type === 'percent' ? pct(r.value.basisPoints) : formatMoney(r.value.amountCents));
const FAILED = 'Nothing was stored: ';
const CHANNEL: Record<string, string> = { telegram: 'Telegram', slack: 'Slack', console: 'the console' };
const RECIPIENT_STATUS: Record<BroadcastRecipient['status'], string> = { delivered: 'delivered', given_up: 'given up (the chat could not be reached)', waiting: 'waiting' };

export const catalogueWords = {
  menuButton: 'Catalogue & messages',
  menu: 'Catalogue & messages: partner levels and their discounts, the price list, coupons and broadcasts to resellers. Every change is confirmed first and kept in the audit log with your name.',
  levelsButton: 'Partner levels',
  pricesButton: 'Prices',
  couponsButton: 'Coupons',
  broadcastsButton: 'Broadcasts',
  back: 'Catalogue & messages',
  yes: 'Yes, do it',
  no: 'No',
  notDone: 'Nothing was done.',
  unavailable: 'Nothing was done: the catalogue cannot be changed from this chat now.',

  levels: (levels: LevelView[]) => [
    'Partner levels (discount, resellers on the level):',
    ...levels.map((l) => `• ${l.code} — ${l.name}: ${pct(l.discountBp)}, ${l.resellers} ${l.resellers === 1 ? 'reseller' : 'resellers'}`),
    'To change one, type its code and the new discount and/or name: "gold 27.5%", "gold 27.5% Gold Plus" or "gold name Gold Plus". A new level needs both: "diamond 40% Diamond".',
  ].join('\n'),
  expectLevel: 'a level\'s code with a discount and/or a name, like "gold 27.5%" or "diamond 40% Diamond"',
  levelProblem: {
    level_syntax: 'Type the level\'s code, then the discount and/or the name, like "gold 27.5%" or "gold name Gold Plus".',
    level_discount: 'The discount must be a percentage from 0 to 100, like 27.5%.',
    level_code: 'A level\'s code is 2 to 30 lowercase letters, digits, _ or -, starting with a letter.',
    level_name: 'A level\'s name is 2 to 60 characters.',
    level_new_needs_both: 'There is no level with that code: a new level needs a discount and a name, like "diamond 40% Diamond".',
  } satisfies Record<LevelProblem, string>,
  confirmLevel: (c: LevelChange, before: LevelView | null) => (before
    ? [`Change partner level ${before.code} (${before.name})?`,
      ...(c.name !== null && c.name !== before.name ? [`Name: ${before.name} → ${c.name}`] : []),
      ...(c.discountBp !== null && c.discountBp !== before.discountBp ? [`Discount: ${pct(before.discountBp)} → ${pct(c.discountBp)}. Of the level's ${before.resellers} reseller(s), those on its discount get the new one; those with a discount of their own keep it.`] : []),
    ].join('\n')
    : `Add partner level ${c.code} "${c.name ?? ''}" with a discount of ${pct(c.discountBp ?? 0)}?`),
  levelSaved: (r: Extract<LevelResult, { kind: 'level_saved' }>) =>
    `Partner level ${r.after.code} (${r.after.name}) saved: ${r.before ? `${pct(r.before.discountBp)} → ` : 'new, '}${pct(r.after.discountBp)}; ${r.resellersMoved} reseller(s) moved with its discount.`,
  levelRefused: (kind: Exclude<LevelResult['kind'], 'level_saved' | 'forbidden'>, code: string): string => ({
    invalid_code: 'Nothing was saved: a level\'s code is 2 to 30 lowercase letters, digits, _ or -, starting with a letter.',
    name_needed: `Nothing was saved: there is no level ${code} (any more), and a new level needs a discount and a name.`,
    invalid_name: 'Nothing was saved: a level\'s name is 2 to 60 characters.',
    invalid_discount: 'Nothing was saved: the discount must be from 0 to 100 %.',
    nothing_to_change: `Nothing was saved: level ${code} has that name and discount already.`,
    name_taken: 'Nothing was saved: another level has that name.',
  })[kind],

  prices: 'Prices: export the price list in force today as CSV, or import a new list with the day it takes effect (quotes from that day use it; quotes before it keep the list in force on their own day).',
  exportButton: 'Export CSV',
  importButton: 'Import a list',
  exported: (day: string, rows: number) => `The price list in force on ${day}: ${rows} prices (edition,sc,kind,price).`,
  askEffective: (today: string) => `From which day does the new price list apply? Type a date, today (${today}) or later, like 2027-01-01.`,
  expectEffective: 'a date like 2027-01-01, today or later',
  effectiveInPast: (today: string) => `The day must be today (${today}) or later: quotes already given stay as they were.`,
  askCsv: (effective: string) => `Paste the price lines for ${effective}, one a line: edition,sc,kind,price (for example "professional,16,annual,650.00"); the header line may be left out. Prices not in the list keep theirs. (A .csv file cannot be sent to the bot: paste its lines.)`,
  expectCsv: 'price lines: edition,sc,kind,price',
  csvRefused: (line: number, problem: string) => `${FAILED}line ${line}: ${problem}. Correct it and paste the lines again.`,
  diff: (effective: string, diff: PriceDiff, rows: number) => {
    const item = (c: { edition: string; sc: number; kind: string }) => `${c.edition} ${c.sc} SC ${c.kind}`;
    const changed = diff.changed.map((c) => `• ${item(c)}: ${c.before === null ? 'not sold before' : formatMoney(c.before)} → ${formatMoney(c.after)}`);
    const shown = changed.length > MAX_DIFF_LINES ? [...changed.slice(0, MAX_DIFF_LINES), `… and ${changed.length - MAX_DIFF_LINES} more`] : changed;
    return [`Price list from ${effective} (${rows} ${rows === 1 ? 'price' : 'prices'}) against the list in force the day before:`, ...shown,
      `${diff.changed.length} changed, ${diff.unchanged} unchanged${diff.kept.length > 0 ? `, ${diff.kept.length} not in the list keep their price` : ''}.`];
  },
  confirmPrices: 'Nothing is stored yet. Apply this list? (Or paste corrected lines to see their difference instead.)',
  expectApplyOrCsv: '"Yes, apply" or "No", or corrected price lines: edition,sc,kind,price',
  yesApply: 'Yes, apply',
  pricesApplied: (effective: string, changed: number) => `The price list from ${effective} is stored (${changed} changed): quotes from that day use it.`,
  importRefused: (result: Exclude<PriceImportResult['kind'], 'preview' | 'applied' | 'invalid_csv' | 'forbidden'>, today: string) =>
    (result === 'invalid_date' ? `${FAILED}the day must be a date like 2027-01-01.` : `${FAILED}the day must be today (${today}) or later.`),

  coupons: 'Coupons: create one, disable one, or see how they were used (all of them, or one).',
  createButton: 'Create a coupon',
  disableButton: 'Disable a coupon',
  reportButton: 'Report',
  oneReportButton: 'Report of one coupon',
  anotherReportButton: 'Another coupon',
  askReportCode: 'Which coupon\'s use? Type its code.',
  noSuchCoupon: (code: string) => `There is no coupon ${code}. Type another code (codes are matched in any case).`,
  oneReportTitle: (code: string) => `Coupon ${code} and its use (redeemed: paid orders; reserved: orders not paid yet):`,
  askCoupon: 'Type the coupon on one line: its code, the discount (10% or an amount like 50.00) and "until" a day; then, if wanted, "from" a day, "minimum" an order subtotal, "kinds" of line (new_license,upgrade,renew_annual,renew_maintenance), "uses" in all and "per-reseller" uses.\nFor example: SPRING25 10% until 2027-03-31 minimum 500.00 uses 100 per-reseller 2',
  expectCoupon: 'a coupon like "SPRING25 10% until 2027-03-31"',
  couponProblem: (p: CouponProblem): string => {
    switch (p.kind) {
      case 'coupon_syntax': return 'Type the code, then the discount, then "until" and a day, like "SPRING25 10% until 2027-03-31".';
      case 'coupon_value': return `"${p.value}" is not a discount: give a percentage above 0 and at most 100 (10%) or an amount above 0 (50.00).`;
      case 'coupon_date': return `"${p.value}" after "${p.option}" is not a date like 2027-03-31.`;
      case 'coupon_number': return `"${p.value}" after "${p.option}" is not ${p.option === 'minimum' ? 'an amount like 500.00' : 'a whole number of at least 1'}.`;
      case 'coupon_option': return `"${p.option}" is not understood: after the discount come "until", "from", "minimum", "kinds", "uses" and "per-reseller", each with its value.`;
      case 'coupon_until': return 'Say until which day the coupon is valid: "until 2027-03-31".';
      default: {
        const never: never = p;
        throw new Error(`unknown coupon problem ${JSON.stringify(never)}`);
      }
    }
  },
  couponSummary: (r: CouponRequest) => [
    `Create coupon ${r.code.toUpperCase()}: ${couponValue(r)} off, valid ${r.validFrom} to ${r.validUntil}?`,
    `Minimum subtotal: ${r.minSubtotalCents === null ? 'none' : formatMoney(r.minSubtotalCents)}; lines: ${r.appliesTo?.join(', ') ?? 'any'}; uses: ${r.maxRedemptions ?? 'unlimited'} in all, ${r.perResellerLimit ?? 'unlimited'} per reseller.`,
  ].join('\n'),
  yesCreate: 'Yes, create',
  couponCreated: (code: string) => `Coupon ${code} is created: resellers can use it at checkout from its first day.`,
  couponRefused: (r: Exclude<CouponCreateResult, { kind: 'created' | 'forbidden' }>, request: CouponRequest): string => {
    switch (r.kind) {
      case 'code_taken': return `${FAILED}a coupon ${request.code.toUpperCase()} exists (codes are matched in any case).`;
      case 'invalid_code': return `${FAILED}a code is 3 to 30 letters, digits, _ or -.`;
      case 'invalid_value': return `${FAILED}a percentage must be above 0 and at most 100, an amount above 0.`;
      case 'invalid_dates': return `${FAILED}"from" must be on or before "until".`;
      case 'ends_in_past': return `${FAILED}"until" is before today.`;
      case 'invalid_limit': return `${FAILED}"uses" and "per-reseller" must be whole numbers from 1 to ${MAX_COUPON_USES.toLocaleString('en-GB')}.`;
      case 'invalid_minimum': return `${FAILED}"minimum" must be an amount like 500.00.`;
      case 'invalid_kinds': return `${FAILED}"kinds" must be a comma-separated list of ${r.kinds.join(', ')}.`;
      default: {
        const never: never = r;
        throw new Error(`unknown coupon result ${JSON.stringify(never)}`);
      }
    }
  },
  askDisable: 'Which coupon? Type its code.',
  expectCode: 'a coupon code',
  confirmDisable: (code: string) => `Disable coupon ${code}? It is refused from now on; orders that used it keep it.`,
  yesDisable: 'Yes, disable',
  couponDisabled: (r: Extract<CouponDisableResult, { kind: 'disabled' }>) => `Coupon ${r.coupon.code} is disabled: refused from now on; orders that used it keep it.`,
  disableRefused: (kind: 'not_found' | 'already_disabled', code: string) => (kind === 'not_found' ? `Nothing was done: there is no coupon ${code}.` : `Nothing was done: coupon ${code} is disabled already.`),
  reportTitle: (lines: number) => (lines === 0 ? 'No coupons yet.' : 'Coupons and their use (redeemed: paid orders; reserved: orders not paid yet):'),
  couponUseLines: (c: CouponUse) => [
    `• ${c.code}${c.disabledAt ? ' (disabled)' : ''}: ${c.redeemed} redeemed, ${c.reserved} reserved`,
    ...c.byReseller.map((r) => `   ${r.partnerId} ${r.company}: ${r.redeemed} redeemed, ${r.reserved} reserved`),
  ],

  broadcasts: 'Broadcasts: a message to the owners and purchase users of resellers, by partner level and/or country, sent at the channels\' pace.',
  newBroadcastButton: 'New broadcast',
  historyButton: 'History',
  askBroadcastText: 'Type the message to send (up to 4,000 characters).',
  expectBroadcastText: 'the message to send',
  askAudience: 'To whom? Press "All resellers", or type a partner level and/or a country: "level gold", "country NL", "gold NL".',
  allButton: 'All resellers',
  expectAudience: '"all", a partner level and/or a two-letter country, like "gold NL"',
  preview: (text: string, audience: AudienceView, reach: ReachView) =>
    `To ${audienceWords(audience)}: ${reach.chats} ${reach.chats === 1 ? 'chat' : 'chats'} of ${reach.users} owner and purchase user(s) at ${reach.resellers} reseller(s).\n---\n${text}\n---\nNothing is sent yet. Send it?`,
  yesSend: 'Yes, send',
  previewRefused: (kind: 'invalid_text' | 'nobody' | 'unknown_level', levels: string[]): string => ({
    invalid_text: 'The message must be 1 to 4,000 characters.',
    nobody: 'No chat of an active reseller\'s owner or purchase user matches: choose another audience.',
    unknown_level: `There is no such partner level: the levels are ${levels.join(', ')}.`,
  })[kind],
  sent: (id: number, reach: ReachView) => `Broadcast ${id} is on its way to ${reach.chats} chat(s) of ${reach.resellers} reseller(s), at the channels' pace; its history says how many arrived.`,
  sendRefused: (kind: 'not_found' | 'already_sent' | 'nobody', id: number) => ({
    not_found: `Nothing was sent: there is no broadcast ${id}.`,
    already_sent: `Nothing was sent again: broadcast ${id} was sent already.`,
    nobody: `Nothing was sent: broadcast ${id} reaches nobody now.`,
  })[kind],
  historyTitle: (lines: number) => (lines === 0 ? 'No broadcasts yet.' : 'Broadcasts, newest first (a sent one\'s button lists to whom it went):'),
  recipientsButton: (id: number) => `To whom: ${id}`,
  /** `header`: the broadcast's line of the history, said as a sentence. */
  recipientsTitle: (header: string, first: number, shown: number, total: number) => {
    const broadcast = `Broadcast ${header.replace(/^• /, '')}`;
    return total === 0 ? `${broadcast}\nIt was sent to no chat.` : `${broadcast}\nSent to ${total} ${total === 1 ? 'chat' : 'chats'}${shown < total ? ` (${first}–${first + shown - 1} here)` : ''}:`;
  },
  recipientLine: (r: BroadcastRecipient) => `• ${r.partnerId} ${r.company}: ${r.username} on ${CHANNEL[r.channel] ?? r.channel}, ${RECIPIENT_STATUS[r.status]}`,
  noBroadcast: (id: number) => `There is no broadcast ${id}.`,
  nextPage: 'Next',
  previousPage: 'Previous',
  historyLine: (b: BroadcastReport) => {
    const first = b.text.split('\n')[0] ?? '';
    const what = `"${first.length > 60 ? `${first.slice(0, 59)}…` : first}" to ${audienceWords(b.audience)}`;
    return b.sentAt
      ? `• ${b.id} ${b.sentAt.toISOString().slice(0, 16).replace('T', ' ')} by ${actorName(b.sentBy ?? '')}: ${what} — ${b.recipients} sent, ${b.delivered} delivered, ${b.givenUp} given up, ${b.recipients - b.delivered - b.givenUp} waiting`
      : `• ${b.id} draft by ${b.createdBy}: ${what} — not sent`;
  },
};
