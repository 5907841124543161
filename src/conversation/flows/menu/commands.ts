import { may } from '../../../domain/accounts/roles';
import type { CommandHandlers } from '../../commands';

export type MenuCommand = { kind: 'menu' };
export type MenuAnswer = { kind: 'menu'; cartCount: number; pendingApprovals?: number } | { kind: 'not_allowed' };

export const menuCommands: CommandHandlers<'menu'> = {
  menu: async (_command, { repos, user }) => ({
    kind: 'menu',
    cartCount: (await repos.carts.lines(user.id)).length,
    pendingApprovals: may(user.role, 'place_order') ? (await repos.approvals.pendingFor(user.resellerId)).length : 0,
  }),
};
