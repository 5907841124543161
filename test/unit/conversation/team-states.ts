// Examples of the team flow's steps and answers (an owner's company users), for the tables of
// examples in states.ts.
import type { Answer } from '../../../src/conversation/commands';
import type { ResellerView } from '../../../src/conversation/flows/admin/types';
import type { TeamMember, TeamStep } from '../../../src/conversation/flows/team/types';

const acme: ResellerView = { partnerId: '100001', company: 'Acme Telecom BV', country: 'NL', levelCode: 'gold', suspendedAt: null };
const jane: TeamMember = { id: '7', username: 'jdoe', name: 'Jane Doe', role: 'sales', active: true, chats: ['telegram', 'slack', 'slack'], groups: ['slack'] };

/** The team flow's steps (an owner's session). */
export const TEAM_STEP_NAMES = ['team_users', 'team_user', 'team_role', 'team_invite', 'team_confirm'] as const;

export const TEAM_EXAMPLE_STEPS: { [N in TeamStep['name']]: () => Extract<TeamStep, { name: N }> } = {
  team_users: () => ({ name: 'team_users', reseller: acme, users: Array.from({ length: 10 }, (_, i) => ({ ...jane, username: `user${i}`, active: i !== 9 })), page: 1 }),
  team_user: () => ({ name: 'team_user', reseller: acme, user: jane }),
  team_role: () => ({ name: 'team_role', reseller: acme, user: jane }),
  team_invite: () => ({ name: 'team_invite', reseller: acme, role: 'purchase' }),
  team_confirm: () => ({ name: 'team_confirm', reseller: acme, user: jane, action: { kind: 'role', user: jane, role: 'purchase' } }),
};

type TeamAnswerKind = 'team_users' | 'team_invited' | 'team_done' | 'team_owners_only';
export const TEAM_EXAMPLE_ANSWERS: { [K in TeamAnswerKind]: () => Array<Extract<Answer, { kind: K }>> } = {
  team_users: () => [{ kind: 'team_users', reseller: acme, users: [jane] }, { kind: 'team_users', reseller: acme, users: null }],
  team_invited: () => [
    { kind: 'team_invited', reseller: acme, role: 'sales', result: { kind: 'invited', lines: ['one-time code for jdoe (Jane Doe, sales), valid until 2026-12-03T10:00:00.000Z: INV-ABCDEFGHJKLMNPQRSTUV'] } },
    ...(['username_taken', 'invalid_username', 'invalid_name', 'reseller_not_found', 'other_reseller', 'not_available'] as const).map((kind) => ({ kind: 'team_invited' as const, reseller: acme, role: 'sales' as const, result: { kind } })),
  ],
  team_done: () => [
    { kind: 'team_done', reseller: acme, action: { kind: 'reset', user: jane }, result: { kind: 'code', user: jane, lines: ['one-time code for jdoe (Jane Doe, sales), valid until 2026-12-03T10:00:00.000Z: INV-ABCDEFGHJKLMNPQRSTUV'] } },
    { kind: 'team_done', reseller: acme, action: { kind: 'reset', user: jane }, result: { kind: 'yourself' } },
    { kind: 'team_done', reseller: acme, action: { kind: 'role', user: jane, role: 'owner' }, result: { kind: 'role_changed', before: 'sales', user: { ...jane, role: 'owner' } } },
    { kind: 'team_done', reseller: acme, action: { kind: 'remove', user: jane }, result: { kind: 'removed', user: { ...jane, active: false } } },
    { kind: 'team_done', reseller: acme, action: { kind: 'role', user: jane, role: 'support' }, result: { kind: 'last_owner', reseller: { partnerId: acme.partnerId, company: acme.company } } },
    ...(['not_found', 'inactive', 'same_role', 'own_role', 'yourself', 'other_reseller', 'not_available'] as const).map((kind) => ({ kind: 'team_done' as const, reseller: acme, action: { kind: 'remove' as const, user: jane }, result: { kind } })),
  ],
  team_owners_only: () => [{ kind: 'team_owners_only', role: 'purchase' }],
};
