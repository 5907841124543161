import { may } from '../../../domain/accounts/roles';
import type { CommandHandlers } from '../../commands';

export type MenuCommand = { kind: 'menu' };
export type MenuAnswer = { kind: 'menu'; cartCount: number; pendingApprovals?: number } | { kind: 'not_allowed' };

export const menuCommands: CommandHandlers<'menu'> = {
  menu: async (_command, { repos, user }) => {
    const figures = await repos.menu.figures(user.id, user.resellerId);
    return { kind: 'menu', cartCount: figures.cartLines, pendingApprovals: may(user.role, 'place_order') ? figures.pendingApprovals : 0 };
  },
};
