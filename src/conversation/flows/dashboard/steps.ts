// The dashboard (license, invoice and referral figures, bank details) and its two lists of
// notices that can be removed: referral payments and monthly payments.
import { resellerOf } from '../../session';
import type { Dashboard, NoticeKind } from '../../../domain/dashboard/dashboard';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, type Flow } from '../../flow';
import { t } from '../../wording';

export type DashboardStep = { name: 'dashboard'; dashboard: Dashboard } | { name: 'notices'; kind: NoticeKind; dashboard: Dashboard };

const dashButton = flowButtons('dash', ['referrals', 'monthly'] as const);
const noticeButton = flowButtons('notices', ['remove'] as const);
const noticesOf = (kind: NoticeKind, d: Dashboard) => (kind === 'referral_payment' ? d.referralPayments : d.monthlyPayments);

export const dashboardFlow: Flow<DashboardStep['name'], 'dashboard'> = {
  steps: {
    dashboard: {
      flow: 'dash',
      view: (step, state) => {
        const d = step.dashboard;
        return {
          text: t.dashboard.dashboard(d, resellerOf(state)?.currency ?? 'EUR'),
          buttons: [
            [dashButton('referrals', t.dashboard.noticesButton('referral_payment', d.referralPayments.length)), dashButton('monthly', t.dashboard.noticesButton('monthly_payment', d.monthlyPayments.length))],
            [navButton('menu', t.toMenu)],
          ],
          secret: false,
        };
      },
      press: (verb, _arg, step) => {
        if (verb === 'referrals') return next.show({ name: 'notices', kind: 'referral_payment', dashboard: step.dashboard });
        if (verb === 'monthly') return next.show({ name: 'notices', kind: 'monthly_payment', dashboard: step.dashboard });
        return undefined;
      },
      expects: () => t.expectChoice,
    },
    notices: {
      flow: 'notices',
      view: (step, state) => {
        const list = noticesOf(step.kind, step.dashboard);
        return {
          text: t.dashboard.notices(step.kind, list, resellerOf(state)?.currency ?? 'EUR'),
          buttons: [...rows(list.map((_, i) => noticeButton('remove', t.dashboard.removeNotice(i + 1), i)), 4), [navButton('back', t.back), navButton('menu', t.toMenu)]],
          secret: false,
        };
      },
      press: (verb, arg, step) => {
        const index = verb === 'remove' ? indexArg(arg) : undefined;
        const notice = index === undefined ? undefined : noticesOf(step.kind, step.dashboard)[index];
        return notice ? next.run({ kind: 'dismiss_notice', notice: notice.kind, ref: notice.ref }) : undefined;
      },
      expects: () => t.expectChoice,
      back: (step) => next.show({ name: 'dashboard', dashboard: step.dashboard }),
    },
  },
  answers: {
    dashboard: (a, state) => {
      const s = state.step;
      return next.show(s.name === 'notices' ? { ...s, dashboard: a.dashboard } : { name: 'dashboard', dashboard: a.dashboard });
    },
  },
  intents: {},
};
