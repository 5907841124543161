// What the catalogue-and-messages steps ask the domain, for an administrator's staff session
// only (the interpreter checks the staff account and its admin role before any of these runs,
// as for the admin flow's commands). Each runs one of the Admin portal's use cases through the
// CatalogueDesk, in a transaction of its own, as `npm run ops` does.
import type { listPartnerLevels, LevelResult, setPartnerLevel } from '../../../domain/use-cases/admin/levels';
import type { exportPriceList, importPriceList, PriceImportResult } from '../../../domain/use-cases/admin/prices';
import type { couponReport, CouponCreateResult, CouponDisableResult, CouponRequest, createCoupon, disableCoupon } from '../../../domain/use-cases/admin/coupons';
import type { PreviewResult, previewBroadcast, SendResult, sendBroadcast } from '../../../domain/use-cases/admin/broadcasts';
import type { BroadcastRecipient, BroadcastReport } from '../../../domain/admin/ports';
import type { ReplyDocument } from '../../reply';
import { t } from '../../wording';
import { actorOf, type AdminEnv } from '../admin/commands';
import type { AudienceView, LevelChange, LevelView } from './types';

type Input<F extends (...args: never[]) => unknown> = Parameters<F>[1];
type Output<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/** The Admin portal's levels, prices, coupons and broadcasts as the chat reaches them. */
export interface CatalogueDesk {
  levels(): Promise<Output<typeof listPartnerLevels>>;
  setLevel(input: Input<typeof setPartnerLevel>): Promise<LevelResult>;
  importPrices(input: Input<typeof importPriceList>): Promise<PriceImportResult>;
  exportPrices(input: Input<typeof exportPriceList>): Promise<Output<typeof exportPriceList>>;
  createCoupon(input: Input<typeof createCoupon>): Promise<CouponCreateResult>;
  disableCoupon(input: Input<typeof disableCoupon>): Promise<CouponDisableResult>;
  couponReport(input: Input<typeof couponReport>): Promise<Output<typeof couponReport>>;
  previewBroadcast(input: Input<typeof previewBroadcast>): Promise<PreviewResult>;
  sendBroadcast(input: Input<typeof sendBroadcast>): Promise<SendResult>;
  /** The newest broadcasts, with how many were sent, delivered, given up and waiting. */
  broadcastHistory(limit: number): Promise<BroadcastReport[]>;
  /** A broadcast and every chat it was sent to, with what became of each message (null: no such broadcast). */
  broadcastRecipients(id: number): Promise<{ report: BroadcastReport; recipients: BroadcastRecipient[] } | null>;
}

type NotForbidden<R> = Exclude<R, { kind: 'forbidden' }>;

export type CatalogueCommand =
  | { kind: 'catalogue_levels' }
  | { kind: 'catalogue_level_set'; change: LevelChange }
  | { kind: 'catalogue_price_export' }
  | { kind: 'catalogue_price_import'; effective: string; csv: string; added: number; apply: boolean }
  | { kind: 'catalogue_coupon_create'; request: CouponRequest }
  | { kind: 'catalogue_coupon_disable'; code: string }
  /** Every coupon's use, or one coupon's (`code`, matched in any case), as `coupons:report [--code]`. */
  | { kind: 'catalogue_coupon_report'; code?: string }
  | { kind: 'catalogue_broadcast_preview'; text: string; audience: AudienceView }
  | { kind: 'catalogue_broadcast_send'; id: number }
  | { kind: 'catalogue_broadcast_history' }
  | { kind: 'catalogue_broadcast_recipients'; id: number; page: number };

export type CatalogueAnswer =
  | { kind: 'catalogue_levels'; levels: LevelView[] }
  | { kind: 'catalogue_level_saved'; change: LevelChange; result: NotForbidden<LevelResult>; levels: LevelView[] }
  | { kind: 'catalogue_price_list'; day: string; document: ReplyDocument; rows: number }
  /** `added`: header lines put before the pasted ones (a refused line is numbered as pasted). */
  | { kind: 'catalogue_price_import'; effective: string; csv: string; added: number; result: NotForbidden<PriceImportResult> }
  | { kind: 'catalogue_coupon_created'; result: NotForbidden<CouponCreateResult>; request: CouponRequest }
  | { kind: 'catalogue_coupon_disabled'; code: string; result: NotForbidden<CouponDisableResult> }
  /** `code`: the one coupon asked for, as stored (`found` false: there is none of the typed code). */
  | { kind: 'catalogue_coupon_report'; lines: string[]; code?: string; found?: boolean }
  | { kind: 'catalogue_broadcast_preview'; text: string; audience: AudienceView; result: NotForbidden<PreviewResult> }
  | { kind: 'catalogue_broadcast_sent'; id: number; result: NotForbidden<SendResult> }
  | { kind: 'catalogue_broadcast_history'; lines: string[]; ids: number[] }
  /** A page of a broadcast's recipients (`found` false: no such broadcast). */
  | { kind: 'catalogue_broadcast_recipients'; id: number; found: boolean; header: string; lines: string[]; page: number; total: number }
  | { kind: 'catalogue_unavailable' };

export type CatalogueCommandKind = CatalogueCommand['kind'];
export const CATALOGUE_COMMANDS: readonly CatalogueCommandKind[] = [
  'catalogue_levels', 'catalogue_level_set', 'catalogue_price_export', 'catalogue_price_import', 'catalogue_coupon_create', 'catalogue_coupon_disable',
  'catalogue_coupon_report', 'catalogue_broadcast_preview', 'catalogue_broadcast_send', 'catalogue_broadcast_history', 'catalogue_broadcast_recipients',
];

type Answer = CatalogueAnswer | { kind: 'admin_only' };
export type CatalogueCommandHandlers = { [C in CatalogueCommandKind]: (command: Extract<CatalogueCommand, { kind: C }>, env: AdminEnv) => Promise<Answer> };

const HISTORY = 10;
/** Recipients shown on one page. */
export const RECIPIENTS_PER_PAGE = 20;

/** The desk, or why the command cannot run (the chat was started without the Admin portal). */
const deskOf = (env: AdminEnv): CatalogueDesk | undefined => env.ctx.admin;

const levelViews = async (desk: CatalogueDesk): Promise<LevelView[]> =>
  (await desk.levels()).levels.map((l) => ({ code: l.code, name: l.name, discountBp: l.discountBp, resellers: l.resellers }));

export const catalogueCommands: CatalogueCommandHandlers = {
  catalogue_levels: async (_command, env) => {
    const desk = deskOf(env);
    return desk ? { kind: 'catalogue_levels', levels: await levelViews(desk) } : { kind: 'catalogue_unavailable' };
  },
  catalogue_level_set: async ({ change }, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const result = await desk.setLevel({ actor: actorOf(env.staff), code: change.code, name: change.name, discountBp: change.discountBp });
    if (result.kind === 'forbidden') return { kind: 'admin_only' };
    return { kind: 'catalogue_level_saved', change, result, levels: await levelViews(desk) };
  },
  catalogue_price_export: async (_command, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const result = await desk.exportPrices({ day: env.ctx.today });
    if (result.kind !== 'exported') throw new Error(`the chat's day ${env.ctx.today} is not a date`);
    const rows = result.csv.trim().split('\n').length - 1;
    return { kind: 'catalogue_price_list', day: result.day, rows, document: { filename: `prices-${result.day}.csv`, mimeType: 'text/csv', content: new TextEncoder().encode(result.csv) } };
  },
  catalogue_price_import: async (command, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const result = await desk.importPrices({ actor: actorOf(env.staff), csv: command.csv, effective: command.effective, today: env.ctx.today, apply: command.apply });
    if (result.kind === 'forbidden') return { kind: 'admin_only' };
    return { kind: 'catalogue_price_import', effective: command.effective, csv: command.csv, added: command.added, result };
  },
  catalogue_coupon_create: async ({ request }, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const result = await desk.createCoupon({ actor: actorOf(env.staff), request, today: env.ctx.today });
    return result.kind === 'forbidden' ? { kind: 'admin_only' } : { kind: 'catalogue_coupon_created', result, request };
  },
  catalogue_coupon_disable: async ({ code }, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const result = await desk.disableCoupon({ actor: actorOf(env.staff), code, now: env.ctx.now });
    return result.kind === 'forbidden' ? { kind: 'admin_only' } : { kind: 'catalogue_coupon_disabled', code, result };
  },
  catalogue_coupon_report: async ({ code }, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const report = await desk.couponReport({ code: code ?? null });
    const lines = report.kind === 'report' ? report.coupons.flatMap((c) => t.catalogue.couponUseLines(c)) : [];
    if (code === undefined) return { kind: 'catalogue_coupon_report', lines };
    return { kind: 'catalogue_coupon_report', lines, code: report.kind === 'report' ? report.coupons[0]?.code ?? code : code, found: report.kind === 'report' };
  },
  catalogue_broadcast_preview: async ({ text, audience }, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const result = await desk.previewBroadcast({ actor: actorOf(env.staff), audience, text, now: env.ctx.now });
    return result.kind === 'forbidden' ? { kind: 'admin_only' } : { kind: 'catalogue_broadcast_preview', text, audience, result };
  },
  // Sent as `broadcast:send` sends it: the outbox's messages are handed to the notifications job
  // once this input commits (the maintenance sweep queues any that were not).
  catalogue_broadcast_send: async ({ id }, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const result = await desk.sendBroadcast({ actor: actorOf(env.staff), id, now: env.ctx.now });
    if (result.kind === 'forbidden') return { kind: 'admin_only' };
    const { jobs } = env.ctx;
    if (result.kind === 'sent' && jobs && result.outboxIds.length > 0) env.ctx.afterCommit(() => jobs.deliver(result.outboxIds));
    return { kind: 'catalogue_broadcast_sent', id, result };
  },
  catalogue_broadcast_history: async (_command, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const history = await desk.broadcastHistory(HISTORY);
    return { kind: 'catalogue_broadcast_history', lines: history.map((b) => t.catalogue.historyLine(b)), ids: history.filter((b) => b.sentAt).map((b) => b.id) };
  },
  catalogue_broadcast_recipients: async ({ id, page }, env) => {
    const desk = deskOf(env);
    if (!desk) return { kind: 'catalogue_unavailable' };
    const found = await desk.broadcastRecipients(id);
    if (!found) return { kind: 'catalogue_broadcast_recipients', id, found: false, header: '', lines: [], page: 0, total: 0 };
    const total = found.recipients.length;
    const shown = Math.min(Math.max(0, page), Math.max(0, Math.ceil(total / RECIPIENTS_PER_PAGE) - 1));
    const lines = found.recipients.slice(shown * RECIPIENTS_PER_PAGE, (shown + 1) * RECIPIENTS_PER_PAGE).map((r) => t.catalogue.recipientLine(r));
    return { kind: 'catalogue_broadcast_recipients', id, found: true, header: t.catalogue.historyLine(found.report), lines, page: shown, total };
  },
};
