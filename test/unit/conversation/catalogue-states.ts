// Rich examples of the admin chat's catalogue steps (partner levels, prices, coupons,
// broadcasts) and of every answer their commands give, for the every-step tests (states.ts).
import type { Answer } from '../../../src/conversation/commands';
import type { CatalogueAnswer } from '../../../src/conversation/flows/admin-catalogue/commands';
import type { CatalogueStep, LevelView } from '../../../src/conversation/flows/admin-catalogue/types';
import type { CouponRequest } from '../../../src/domain/use-cases/admin/coupons';
import { t } from '../../../src/conversation/wording';

const LEVELS: LevelView[] = [
  { code: 'bronze', name: 'Bronze', discountBp: 1500, resellers: 2 },
  { code: 'gold', name: 'Gold', discountBp: 2500, resellers: 1 },
];
const REQUEST: CouponRequest = {
  code: 'spring25', value: { type: 'percent', basisPoints: 1000 }, validFrom: '2026-11-26', validUntil: '2027-03-31', minSubtotalCents: 50_000,
  appliesTo: ['new_license', 'upgrade'], maxRedemptions: 100, perResellerLimit: 2,
};
const DIFF = { changed: [{ edition: 'professional' as const, sc: 16, kind: 'annual' as const, before: 59_500, after: 65_000 }], unchanged: 1, kept: [] };
const AUDIENCE = { level: 'gold', country: 'NL' };
const REACH = { resellers: 1, users: 2, chats: 2 };
const BROADCAST = { id: 7, text: 'Maintenance window on Sunday', audience: AUDIENCE, createdBy: 'staff:admin1', createdAt: new Date('2026-11-26T10:00:00Z'), sentBy: null, sentAt: null };
const COUPON = { id: 'coupon-9', ...REQUEST, code: 'SPRING25', appliesTo: ['new_license' as const], disabledAt: null };

export const CATALOGUE_EXAMPLE_STEPS: { [N in CatalogueStep['name']]: () => Extract<CatalogueStep, { name: N }> } = {
  cat_menu: () => ({ name: 'cat_menu' }),
  cat_levels: () => ({ name: 'cat_levels', levels: LEVELS }),
  cat_level_confirm: () => ({ name: 'cat_level_confirm', change: { code: 'gold', name: 'Gold Plus', discountBp: 2750 }, before: LEVELS[1] ?? null, levels: LEVELS }),
  cat_prices: () => ({ name: 'cat_prices' }),
  cat_price_import: () => ({ name: 'cat_price_import', effective: '2027-01-01' }),
  cat_price_confirm: () => ({ name: 'cat_price_confirm', effective: '2027-01-01', csv: 'edition,sc,kind,price\nprofessional,16,annual,650.00\n', lines: ['• professional 16 SC annual: EUR 595.00 → EUR 650.00'] }),
  cat_coupons: () => ({ name: 'cat_coupons' }),
  cat_coupon_create: () => ({ name: 'cat_coupon_create' }),
  cat_coupon_confirm: () => ({ name: 'cat_coupon_confirm', request: REQUEST }),
  cat_coupon_disable: () => ({ name: 'cat_coupon_disable' }),
  cat_coupon_disable_confirm: () => ({ name: 'cat_coupon_disable_confirm', code: 'WINTER10' }),
  cat_coupon_report: () => ({ name: 'cat_coupon_report', lines: ['• WINTER10: 1 redeemed, 0 reserved', '   100001 Acme Telecom BV: 1 redeemed, 0 reserved'] }),
  cat_coupon_one: () => ({ name: 'cat_coupon_one' }),
  cat_broadcasts: () => ({ name: 'cat_broadcasts' }),
  cat_broadcast_text: () => ({ name: 'cat_broadcast_text' }),
  cat_broadcast_audience: () => ({ name: 'cat_broadcast_audience', text: 'Maintenance window on Sunday' }),
  cat_broadcast_confirm: () => ({ name: 'cat_broadcast_confirm', id: 7, text: 'Maintenance window on Sunday', audience: AUDIENCE, reach: REACH }),
  cat_broadcast_history: () => ({ name: 'cat_broadcast_history', lines: ['• 7 2026-11-26 10:00 by admin1: "Maintenance window on Sunday" to partner level gold, in NL — 2 sent, 1 delivered, 0 given up, 1 waiting'], ids: [7] }),
  cat_broadcast_recipients: () => ({
    name: 'cat_broadcast_recipients', id: 7, header: '• 7 2026-11-26 10:00 by admin1: "Maintenance window on Sunday" to partner level gold, in NL — 2 sent, 1 delivered, 0 given up, 1 waiting',
    lines: ['• 100001 Acme Telecom BV: demo on Telegram, delivered', '• 100001 Acme Telecom BV: buyer on Slack, waiting'], page: 0, total: 2,
  }),
};

export const CATALOGUE_STEP_NAMES = Object.keys(CATALOGUE_EXAMPLE_STEPS) as Array<CatalogueStep['name']>;

/** A text each catalogue step does not take, and what it says it expects instead. */
export const CATALOGUE_BAD_TEXT: Array<[CatalogueStep['name'], string, string]> = [
  ['cat_menu', 'hello', t.expectChoice], ['cat_levels', '   ', t.catalogue.expectLevel], ['cat_level_confirm', 'hello', t.expectChoice],
  ['cat_prices', 'hello', t.expectChoice], ['cat_price_import', '   ', t.catalogue.expectCsv], ['cat_price_confirm', '   ', t.catalogue.expectApplyOrCsv],
  ['cat_coupons', 'hello', t.expectChoice], ['cat_coupon_create', '   ', t.catalogue.expectCoupon], ['cat_coupon_confirm', 'hello', t.expectChoice],
  ['cat_coupon_disable', '   ', t.catalogue.expectCode], ['cat_coupon_disable_confirm', 'hello', t.expectChoice], ['cat_coupon_report', 'hello', t.expectChoice],
  ['cat_coupon_one', '   ', t.catalogue.expectCode],
  ['cat_broadcasts', 'hello', t.expectChoice], ['cat_broadcast_text', '   ', t.catalogue.expectBroadcastText], ['cat_broadcast_audience', 'to the moon please', t.catalogue.expectAudience],
  ['cat_broadcast_confirm', 'hello', t.expectChoice], ['cat_broadcast_history', 'hello', t.expectChoice], ['cat_broadcast_recipients', 'hello', t.expectChoice],
];

type Examples = { [K in CatalogueAnswer['kind']]: () => Array<Extract<Answer, { kind: K }>> };

export const CATALOGUE_EXAMPLE_ANSWERS: Examples = {
  catalogue_levels: () => [{ kind: 'catalogue_levels', levels: LEVELS }],
  catalogue_level_saved: () => [
    { kind: 'catalogue_level_saved', change: { code: 'gold', name: null, discountBp: 2750 }, levels: LEVELS, result: { kind: 'level_saved', before: { code: 'gold', name: 'Gold', discountBp: 2500, rank: 3 }, after: { code: 'gold', name: 'Gold', discountBp: 2750, rank: 3 }, resellersMoved: 1 } },
    ...(['invalid_code', 'name_needed', 'invalid_name', 'invalid_discount', 'nothing_to_change', 'name_taken'] as const).map((kind) => ({ kind: 'catalogue_level_saved' as const, change: { code: 'gold', name: null, discountBp: 2750 }, levels: LEVELS, result: { kind } })),
  ],
  catalogue_price_list: () => [{ kind: 'catalogue_price_list', day: '2026-11-26', rows: 1, document: { filename: 'prices-2026-11-26.csv', mimeType: 'text/csv', content: new TextEncoder().encode('edition,sc,kind,price\nstartup,4,annual,175.00\n') } }],
  catalogue_price_import: () => {
    const base = { kind: 'catalogue_price_import' as const, effective: '2027-01-01', csv: 'edition,sc,kind,price\nprofessional,16,annual,650.00\n', added: 1 };
    return [
      { ...base, result: { kind: 'preview', effective: '2027-01-01', diff: DIFF, rows: 2 } },
      { ...base, result: { kind: 'applied', effective: '2027-01-01', diff: DIFF, rows: 2 } },
      { ...base, result: { kind: 'invalid_csv', line: 3, problem: '2048 SC is not sold in enterprise' } },
      { ...base, result: { kind: 'invalid_date' } },
      { ...base, result: { kind: 'effective_in_past', today: '2026-11-26' } },
    ];
  },
  catalogue_coupon_created: () => [
    { kind: 'catalogue_coupon_created', request: REQUEST, result: { kind: 'created', coupon: COUPON } },
    ...(['code_taken', 'invalid_code', 'invalid_value', 'invalid_dates', 'ends_in_past', 'invalid_limit', 'invalid_minimum'] as const).map((kind) => ({ kind: 'catalogue_coupon_created' as const, request: REQUEST, result: { kind } })),
    { kind: 'catalogue_coupon_created', request: REQUEST, result: { kind: 'invalid_kinds', kinds: ['new_license', 'upgrade'] } },
  ],
  catalogue_coupon_disabled: () => [
    { kind: 'catalogue_coupon_disabled', code: 'SPRING25', result: { kind: 'disabled', coupon: { ...COUPON, disabledAt: new Date('2026-11-26T10:00:00Z') } } },
    ...(['not_found', 'already_disabled'] as const).map((kind) => ({ kind: 'catalogue_coupon_disabled' as const, code: 'SPRING25', result: { kind } })),
  ],
  catalogue_coupon_report: () => [
    { kind: 'catalogue_coupon_report', lines: ['• WINTER10: 1 redeemed, 0 reserved'] }, { kind: 'catalogue_coupon_report', lines: [] },
    { kind: 'catalogue_coupon_report', lines: ['• WINTER10: 1 redeemed, 0 reserved'], code: 'WINTER10', found: true },
    { kind: 'catalogue_coupon_report', lines: [], code: 'NOSUCH', found: false },
  ],
  catalogue_broadcast_preview: () => [
    { kind: 'catalogue_broadcast_preview', text: BROADCAST.text, audience: AUDIENCE, result: { kind: 'preview', broadcast: BROADCAST, reach: REACH } },
    ...(['invalid_text', 'nobody'] as const).map((kind) => ({ kind: 'catalogue_broadcast_preview' as const, text: BROADCAST.text, audience: AUDIENCE, result: { kind } })),
    { kind: 'catalogue_broadcast_preview', text: BROADCAST.text, audience: AUDIENCE, result: { kind: 'unknown_level', levels: ['bronze', 'gold'] } },
  ],
  catalogue_broadcast_sent: () => [
    { kind: 'catalogue_broadcast_sent', id: 7, result: { kind: 'sent', broadcast: { ...BROADCAST, sentAt: new Date('2026-11-26T10:00:00Z'), sentBy: 'staff:admin1' }, reach: REACH, outboxIds: [1, 2] } },
    ...(['not_found', 'already_sent', 'nobody'] as const).map((kind) => ({ kind: 'catalogue_broadcast_sent' as const, id: 7, result: { kind } })),
  ],
  catalogue_broadcast_history: () => [{ kind: 'catalogue_broadcast_history', lines: ['• 7 draft by admin1: "Hello" to every reseller — not sent'], ids: [] }, { kind: 'catalogue_broadcast_history', lines: [], ids: [] }],
  catalogue_broadcast_recipients: () => [
    { kind: 'catalogue_broadcast_recipients', id: 7, found: true, header: '• 7 2026-11-26 10:00 by admin1: "Hello" to every reseller — 1 sent, 0 delivered, 1 given up, 0 waiting', lines: ['• 100001 Acme Telecom BV: demo on Telegram, given up (the chat could not be reached)'], page: 0, total: 1 },
    { kind: 'catalogue_broadcast_recipients', id: 8, found: false, header: '', lines: [], page: 0, total: 0 },
  ],
  catalogue_unavailable: () => [{ kind: 'catalogue_unavailable' }],
};
