// Coupons (created from one typed line and a summary, disabled after a confirmation, their use
// reported) and broadcasts (a message, its audience, a preview of whom it reaches, then sent as
// `broadcast:send` sends it; the history of what was sent and delivered).
import { checkCouponRequest } from '../../../domain/use-cases/admin/coupons';
import { navButton, rows } from '../../buttons';
import { next, type AnswerHandlers, type StepDefs } from '../../flow';
import { say } from '../../reply';
import { t } from '../../wording';
import { button, pressOnly, textOnly, toCatalogue } from './common';
import { RECIPIENTS_PER_PAGE } from './commands';
import { audienceOf, couponRequestOf } from './parse';
import type { CatalogueStep } from './types';

type Steps =
  | 'cat_coupons' | 'cat_coupon_create' | 'cat_coupon_confirm' | 'cat_coupon_disable' | 'cat_coupon_disable_confirm' | 'cat_coupon_report' | 'cat_coupon_one'
  | 'cat_broadcasts' | 'cat_broadcast_text' | 'cat_broadcast_audience' | 'cat_broadcast_confirm' | 'cat_broadcast_history' | 'cat_broadcast_recipients';

const MAX_TEXT = 4000;
const home = () => next.show({ name: 'cat_menu' });
const coupons = () => next.show({ name: 'cat_coupons' });
const broadcasts = () => next.show({ name: 'cat_broadcasts' });
const navigation = () => [navButton('back', t.back), toCatalogue()];
/** The press of a step whose only buttons lead back. */
const onlyBack = pressOnly((verb) => (verb === 'home' ? home() : undefined));

export const couponsBroadcastsSteps: StepDefs<Extract<CatalogueStep['name'], Steps>> = {
  cat_coupons: {
    flow: 'catalogue',
    view: () => ({
      text: t.catalogue.coupons,
      buttons: [
        [button('create', t.catalogue.createButton), button('disable', t.catalogue.disableButton)],
        [button('report', t.catalogue.reportButton), button('one', t.catalogue.oneReportButton)],
        [toCatalogue()],
      ],
      secret: false,
    }),
    press: pressOnly((verb) => {
      if (verb === 'create') return next.show({ name: 'cat_coupon_create' });
      if (verb === 'disable') return next.show({ name: 'cat_coupon_disable' });
      if (verb === 'report') return next.run({ kind: 'catalogue_coupon_report' });
      if (verb === 'one') return next.show({ name: 'cat_coupon_one' });
      if (verb === 'home') return home();
      return undefined;
    }),
    expects: () => t.expectChoice,
    back: home,
  },
  cat_coupon_create: {
    flow: 'catalogue',
    view: () => ({ text: t.catalogue.askCoupon, buttons: [navigation()], secret: false }),
    press: onlyBack,
    text: textOnly((text, _step, _state, ctx) => {
      if (!text.trim()) return undefined;
      const parsed = couponRequestOf(text, ctx.today);
      if (parsed.kind !== 'ok') return next.again(say(t.catalogue.couponProblem(parsed)));
      // The use case's own rules (all but a code in use) are said now, with the line still in view, not after Yes.
      const checked = checkCouponRequest(parsed.request, ctx.today);
      if (checked.kind !== 'ok') return next.again(say(t.catalogue.couponRefused(checked, parsed.request)));
      return next.show({ name: 'cat_coupon_confirm', request: parsed.request });
    }),
    expects: () => t.catalogue.expectCoupon,
    ownsText: true,
    back: coupons,
  },
  cat_coupon_confirm: {
    flow: 'catalogue',
    view: (step) => ({ text: t.catalogue.couponSummary(step.request), buttons: [[button('yes', t.catalogue.yesCreate), button('no', t.catalogue.no)]], secret: false }),
    press: pressOnly((verb, _arg, step) => {
      if (verb === 'yes') return next.run({ kind: 'catalogue_coupon_create', request: step.request });
      if (verb === 'no') return next.show({ name: 'cat_coupons' }, { say: [say(t.catalogue.notDone)] });
      return undefined;
    }),
    expects: () => t.expectChoice,
    back: () => next.show({ name: 'cat_coupon_create' }),
  },
  cat_coupon_disable: {
    flow: 'catalogue',
    view: () => ({ text: t.catalogue.askDisable, buttons: [navigation()], secret: false }),
    press: onlyBack,
    text: textOnly((text) => {
      const code = text.trim().toUpperCase();
      return /^\S{1,30}$/.test(code) ? next.show({ name: 'cat_coupon_disable_confirm', code }) : undefined;
    }),
    expects: () => t.catalogue.expectCode,
    ownsText: true,
    back: coupons,
  },
  cat_coupon_disable_confirm: {
    flow: 'catalogue',
    view: (step) => ({ text: t.catalogue.confirmDisable(step.code), buttons: [[button('yes', t.catalogue.yesDisable), button('no', t.catalogue.no)]], secret: false }),
    press: pressOnly((verb, _arg, step) => {
      if (verb === 'yes') return next.run({ kind: 'catalogue_coupon_disable', code: step.code });
      if (verb === 'no') return next.show({ name: 'cat_coupons' }, { say: [say(t.catalogue.notDone)] });
      return undefined;
    }),
    expects: () => t.expectChoice,
    back: () => next.show({ name: 'cat_coupon_disable' }),
  },
  cat_coupon_report: {
    flow: 'catalogue',
    view: (step) => ({
      text: [step.code === undefined ? t.catalogue.reportTitle(step.lines.length) : t.catalogue.oneReportTitle(step.code), ...step.lines].join('\n'),
      buttons: [[button('one', step.code === undefined ? t.catalogue.oneReportButton : t.catalogue.anotherReportButton), button('coupons', t.catalogue.couponsButton)], [toCatalogue()]],
      secret: false,
    }),
    press: pressOnly((verb) => {
      if (verb === 'one') return next.show({ name: 'cat_coupon_one' });
      if (verb === 'coupons') return coupons();
      return verb === 'home' ? home() : undefined;
    }),
    expects: () => t.expectChoice,
    back: coupons,
  },
  // One coupon's use, by its code: the same report as `coupons:report --code`.
  cat_coupon_one: {
    flow: 'catalogue',
    view: () => ({ text: t.catalogue.askReportCode, buttons: [navigation()], secret: false }),
    press: onlyBack,
    text: textOnly((text) => {
      const code = text.trim().toUpperCase();
      return /^\S{1,30}$/.test(code) ? next.run({ kind: 'catalogue_coupon_report', code }) : undefined;
    }),
    expects: () => t.catalogue.expectCode,
    ownsText: true,
    back: coupons,
  },
  cat_broadcasts: {
    flow: 'catalogue',
    view: () => ({ text: t.catalogue.broadcasts, buttons: [[button('new', t.catalogue.newBroadcastButton), button('history', t.catalogue.historyButton)], [toCatalogue()]], secret: false }),
    press: pressOnly((verb) => {
      if (verb === 'new') return next.show({ name: 'cat_broadcast_text' });
      if (verb === 'history') return next.run({ kind: 'catalogue_broadcast_history' });
      if (verb === 'home') return home();
      return undefined;
    }),
    expects: () => t.expectChoice,
    back: home,
  },
  cat_broadcast_text: {
    flow: 'catalogue',
    view: () => ({ text: t.catalogue.askBroadcastText, buttons: [navigation()], secret: false }),
    press: onlyBack,
    text: textOnly((text) => {
      const message = text.trim();
      if (!message) return undefined;
      return message.length > MAX_TEXT ? next.again(say(t.catalogue.previewRefused('invalid_text', []))) : next.show({ name: 'cat_broadcast_audience', text: message });
    }),
    expects: () => t.catalogue.expectBroadcastText,
    ownsText: true,
    back: broadcasts,
  },
  cat_broadcast_audience: {
    flow: 'catalogue',
    view: () => ({ text: t.catalogue.askAudience, buttons: [[button('all', t.catalogue.allButton)], navigation()], secret: false }),
    press: pressOnly((verb, _arg, step) => {
      if (verb === 'all') return next.run({ kind: 'catalogue_broadcast_preview', text: step.text, audience: { level: null, country: null } });
      if (verb === 'home') return home();
      return undefined;
    }),
    text: textOnly((text, step) => {
      const audience = audienceOf(text);
      return audience ? next.run({ kind: 'catalogue_broadcast_preview', text: step.text, audience }) : undefined;
    }),
    expects: () => t.catalogue.expectAudience,
    ownsText: true,
    back: () => next.show({ name: 'cat_broadcast_text' }),
  },
  cat_broadcast_confirm: {
    flow: 'catalogue',
    view: (step) => ({ text: t.catalogue.preview(step.text, step.audience, step.reach), buttons: [[button('yes', t.catalogue.yesSend), button('no', t.catalogue.no)]], secret: false }),
    press: pressOnly((verb, _arg, step) => {
      if (verb === 'yes') return next.run({ kind: 'catalogue_broadcast_send', id: step.id });
      if (verb === 'no') return next.show({ name: 'cat_broadcasts' }, { say: [say(t.catalogue.notDone)] });
      return undefined;
    }),
    expects: () => t.expectChoice,
    back: (step) => next.show({ name: 'cat_broadcast_audience', text: step.text }),
  },
  cat_broadcast_history: {
    flow: 'catalogue',
    view: (step) => ({
      text: [t.catalogue.historyTitle(step.lines.length), ...step.lines].join('\n'),
      buttons: [...rows((step.ids ?? []).map((id) => button('recipients', t.catalogue.recipientsButton(id), id)), 3), [button('broadcasts', t.catalogue.broadcastsButton), toCatalogue()]],
      secret: false,
    }),
    press: pressOnly((verb, arg, step) => {
      const id = verb === 'recipients' && arg !== undefined && /^\d{1,9}$/.test(arg) ? Number(arg) : undefined;
      if (id !== undefined && (step.ids ?? []).includes(id)) return next.run({ kind: 'catalogue_broadcast_recipients', id, page: 0 });
      return verb === 'broadcasts' ? broadcasts() : verb === 'home' ? home() : undefined;
    }),
    expects: () => t.expectChoice,
    back: broadcasts,
  },
  cat_broadcast_recipients: {
    flow: 'catalogue',
    view: (step) => {
      const more = step.total > (step.page + 1) * RECIPIENTS_PER_PAGE;
      return {
        text: [t.catalogue.recipientsTitle(step.header, step.page * RECIPIENTS_PER_PAGE + 1, step.lines.length, step.total), ...step.lines].join('\n'),
        buttons: [
          [...(step.page > 0 ? [button('prev', t.catalogue.previousPage)] : []), ...(more ? [button('next', t.catalogue.nextPage)] : [])],
          [button('history', t.catalogue.historyButton), toCatalogue()],
        ],
        secret: false,
      };
    },
    press: pressOnly((verb, _arg, step) => {
      if (verb === 'next' && step.total > (step.page + 1) * RECIPIENTS_PER_PAGE) return next.run({ kind: 'catalogue_broadcast_recipients', id: step.id, page: step.page + 1 });
      if (verb === 'prev' && step.page > 0) return next.run({ kind: 'catalogue_broadcast_recipients', id: step.id, page: step.page - 1 });
      if (verb === 'history') return next.run({ kind: 'catalogue_broadcast_history' });
      return verb === 'home' ? home() : undefined;
    }),
    expects: () => t.expectChoice,
    back: () => next.run({ kind: 'catalogue_broadcast_history' }),
  },
};

type Answers =
  | 'catalogue_coupon_created' | 'catalogue_coupon_disabled' | 'catalogue_coupon_report'
  | 'catalogue_broadcast_preview' | 'catalogue_broadcast_sent' | 'catalogue_broadcast_history' | 'catalogue_broadcast_recipients';

export const couponsBroadcastsAnswers: AnswerHandlers<Answers> = {
  catalogue_coupon_created: (a) => (a.result.kind === 'created'
    ? next.show({ name: 'cat_coupons' }, { say: [say(t.catalogue.couponCreated(a.result.coupon.code))] })
    : next.show({ name: 'cat_coupon_create' }, { say: [say(t.catalogue.couponRefused(a.result, a.request))] })),
  catalogue_coupon_disabled: (a) => {
    if (a.result.kind === 'disabled') return next.show({ name: 'cat_coupons' }, { say: [say(t.catalogue.couponDisabled(a.result))] });
    const said = [say(t.catalogue.disableRefused(a.result.kind, a.code))];
    return a.result.kind === 'not_found' ? next.show({ name: 'cat_coupon_disable' }, { say: said }) : next.show({ name: 'cat_coupons' }, { say: said });
  },
  catalogue_coupon_report: (a) => {
    if (a.code === undefined) return next.show({ name: 'cat_coupon_report', lines: a.lines });
    if (a.found === false) return next.show({ name: 'cat_coupon_one' }, { say: [say(t.catalogue.noSuchCoupon(a.code))] });
    return next.show({ name: 'cat_coupon_report', lines: a.lines, code: a.code });
  },
  catalogue_broadcast_preview: (a) => {
    const r = a.result;
    if (r.kind === 'preview') return next.show({ name: 'cat_broadcast_confirm', id: r.broadcast.id, text: r.broadcast.text, audience: r.broadcast.audience, reach: r.reach });
    if (r.kind === 'invalid_text') return next.show({ name: 'cat_broadcast_text' }, { say: [say(t.catalogue.previewRefused(r.kind, []))] });
    return next.show({ name: 'cat_broadcast_audience', text: a.text }, { say: [say(t.catalogue.previewRefused(r.kind, r.kind === 'unknown_level' ? r.levels : []))] });
  },
  // Sent, or not again (pressed after someone sent it), the broadcasts' menu follows.
  catalogue_broadcast_sent: (a) => {
    const r = a.result;
    return next.show({ name: 'cat_broadcasts' }, { say: [say(r.kind === 'sent' ? t.catalogue.sent(r.broadcast.id, r.reach) : t.catalogue.sendRefused(r.kind, a.id))] });
  },
  catalogue_broadcast_history: (a) => next.show({ name: 'cat_broadcast_history', lines: a.lines, ids: a.ids }),
  catalogue_broadcast_recipients: (a) => (a.found
    ? next.show({ name: 'cat_broadcast_recipients', id: a.id, header: a.header, lines: a.lines, page: a.page, total: a.total })
    : next.show({ name: 'cat_broadcasts' }, { say: [say(t.catalogue.noBroadcast(a.id))] })),
};
