import type { Dashboard, NoticeKind } from '../../../domain/dashboard/dashboard';
import { dismissNotice, getDashboard } from '../../../domain/use-cases/dashboard';
import type { CommandHandlers } from '../../commands';

export type DashboardCommand = { kind: 'dashboard' } | { kind: 'dismiss_notice'; notice: NoticeKind; ref: string };
export type DashboardAnswer = { kind: 'dashboard'; dashboard: Dashboard };

export const dashboardCommands: CommandHandlers<DashboardCommand['kind']> = {
  dashboard: async (_command, { repos, ctx, user }) => ({ kind: 'dashboard', dashboard: await getDashboard(repos, { user, today: ctx.today }) }),
  dismiss_notice: async (command, { repos, ctx, user }) => {
    await dismissNotice(repos, { user, kind: command.notice, ref: command.ref });
    return { kind: 'dashboard', dashboard: await getDashboard(repos, { user, today: ctx.today }) };
  },
};
