import type { Dashboard, NoticeKind } from '../../../domain/dashboard/dashboard';
import { dismissNotice, getDashboard } from '../../../domain/use-cases/dashboard';
import type { AccountEnv, CommandHandlers } from '../../commands';
import { onlinePaymentMethods } from '../checkout/commands';

export type DashboardCommand = { kind: 'dashboard' } | { kind: 'dismiss_notice'; notice: NoticeKind; ref: string };
export type DashboardAnswer = { kind: 'dashboard'; dashboard: Dashboard };

/**
 * The dashboard as this deployment offers payments: the distributor's note on online payment
 * ("pay by card or through MultiSafepay") only when a card or MultiSafepay page is configured,
 * so that nobody is promised a way of paying that checkout then does not offer.
 */
async function dashboardOf({ repos, ctx, user }: AccountEnv): Promise<Dashboard> {
  const dashboard = await getDashboard(repos, { user, today: ctx.today });
  if (onlinePaymentMethods(ctx).length > 0) return dashboard;
  const { online: _notOffered, ...bankDetails } = dashboard.bankDetails;
  return { ...dashboard, bankDetails };
}

export const dashboardCommands: CommandHandlers<DashboardCommand['kind']> = {
  dashboard: async (_command, env) => ({ kind: 'dashboard', dashboard: await dashboardOf(env) }),
  dismiss_notice: async (command, env) => {
    await dismissNotice(env.repos, { user: env.user, kind: command.notice, ref: command.ref });
    return { kind: 'dashboard', dashboard: await dashboardOf(env) };
  },
};
