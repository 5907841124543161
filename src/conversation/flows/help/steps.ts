// Help: what this user can do, read from the same tables as their menu (the main menu's entries
// their role gets, or the staff menu's), what their role does not do and who does, what they can
// type, and the commands that work at every step.
import { may, ROLES, type Permission } from '../../../domain/accounts/roles';
import { navButton } from '../../buttons';
import type { Flow } from '../../flow';
import type { ConversationState, ResellerSession, StaffSession } from '../../state';
import { t } from '../../wording';
import { hasEntry, MAIN_MENU } from '../menu/steps';
import { STAFF_MENU, staffOf } from '../staff/steps';
import { resellerOf } from '../../session';

export type HelpStep = { name: 'help' };

const bullet = (line: string) => `• ${line}`;

/** A reseller's user's help: their menu's entries, then what their role lacks (once per permission) and who has it. */
function resellerHelp(session: ResellerSession): string {
  const can = (p: Permission) => may(session.role, p);
  const entries = MAIN_MENU.flat();
  const lacking = [...new Set(entries.filter((e) => !hasEntry(session.role, e)).flatMap((e) => (e.needs ? [e.needs] : [])))];
  return [
    t.help.title(session.role, session.company),
    ...entries.filter((e) => hasEntry(session.role, e)).map((e) => bullet(t.help.entries[e.verb](can))),
    ...(lacking.length > 0 ? ['', t.help.notYours(session.role), ...lacking.map((p) => bullet(t.help.cannot(p, ROLES.filter((r) => may(r, p)), can)))] : []),
    '',
    ...t.help.saying(can),
    '',
    ...t.help.commands(can),
  ].join('\n');
}

/** A staff member's help: the staff menu's entries (Admin for an administrator only). */
function staffHelp(session: StaffSession): string {
  const entries = STAFF_MENU.flat();
  const admin = session.staffRole === 'admin';
  return [
    t.help.staffTitle(session.staffRole),
    ...entries.filter((e) => admin || !e.adminOnly).map((e) => bullet(t.help.staffEntries[e.verb])),
    ...(admin ? [] : ['', t.help.staffNotYours, bullet(t.help.adminsOnly)]),
    '',
    t.help.staffNote,
    '',
    ...t.help.staffCommands,
  ].join('\n');
}

/** The help for whoever is logged in to this conversation (the general one for nobody). */
export function helpText(state: Pick<ConversationState, 'session'>): string {
  const staff = staffOf(state);
  if (staff) return staffHelp(staff);
  const reseller = resellerOf(state);
  return reseller ? resellerHelp(reseller) : t.help.text;
}

export const helpFlow: Flow<'help', never> = {
  steps: {
    help: {
      flow: 'help',
      view: (_step, state) => ({ text: helpText(state), buttons: [[navButton('menu', t.toMenu)]], secret: false }),
      expects: () => t.expectChoice,
    },
  },
  answers: {},
  intents: {},
};
