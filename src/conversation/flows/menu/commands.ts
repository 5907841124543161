import { may, type Role } from '../../../domain/accounts/roles';
import type { CommandHandlers } from '../../commands';

export type MenuCommand = { kind: 'menu' };
/** `role`: the user's as stored now (another owner may have changed it since the log in), so that the menu offers what it allows. */
export type MenuAnswer = { kind: 'menu'; cartCount: number; pendingApprovals?: number; role?: Role } | { kind: 'not_allowed' };

export const menuCommands: CommandHandlers<'menu'> = {
  menu: async (_command, { repos, user }) => {
    const figures = await repos.menu.figures(user.id, user.resellerId);
    return { kind: 'menu', cartCount: figures.cartLines, pendingApprovals: may(user.role, 'place_order') ? figures.pendingApprovals : 0, role: user.role };
  },
};
