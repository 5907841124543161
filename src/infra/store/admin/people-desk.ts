import type { PeopleDesk } from '../../../conversation/flows/people/commands';
import type { AdminStore, InvitationCodes } from '../../../domain/admin/ports';
import type { VatNumberChecker } from '../../../domain/ports';
import { createReseller, editResellerAsAdmin } from '../../../domain/use-cases/admin/resellers';
import { changeRole, listUsers, removeUser, resetPassword } from '../../../domain/use-cases/admin/users';

/** The chat's way to the Admin portal's resellers and users: the CLI's use cases, each a transaction of its own. */
export function peopleDesk(store: AdminStore, deps: { codes: InvitationCodes; vatChecker: VatNumberChecker | null }): PeopleDesk {
  return {
    reseller: (partnerId) => store.transaction(async (repos) => {
      const reseller = await repos.resellers.findByPartnerId(partnerId);
      return reseller ? { reseller, levels: await repos.admin.levels.list() } : null;
    }),
    levels: () => store.transaction((repos) => repos.admin.levels.list()),
    createReseller: (input) => createReseller(store, input),
    editReseller: (input) => editResellerAsAdmin(store, deps.vatChecker, input),
    listUsers: (input) => listUsers(store, input),
    resetPassword: (input) => resetPassword(store, deps.codes, input),
    changeRole: (input) => changeRole(store, input),
    removeUser: (input) => removeUser(store, input),
  };
}
