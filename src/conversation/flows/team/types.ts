// What the team flow keeps in its steps: an owner managing the users of their own company.
import type { Role } from '../../../domain/accounts/roles';
import type { ResellerView } from '../admin/types';
import type { PeopleAction, UserView } from '../people/types';

/** A colleague as the owner's list shows them: the admin's user view, with the chats they are logged in from. */
export interface TeamMember extends UserView {
  /** The channels of the private chats the user is logged in from now ("telegram", "slack", "console"), one per chat. */
  chats: string[];
  /** The same of the group chats (a Telegram group, a Slack channel); absent in a step kept from before groups were listed. */
  groups?: string[];
}

/** What an owner confirms: a new password code for a colleague, another role for one, or removing one (the people flow's actions). */
export type TeamAction = Extract<PeopleAction, { kind: 'reset' | 'role' | 'remove' }>;

export type TeamStep =
  /** The company's users, a page of them (`reseller`: the owner's own, as read when listed). */
  | { name: 'team_users'; reseller: ResellerView; users: TeamMember[]; page: number }
  | { name: 'team_user'; reseller: ResellerView; user: TeamMember }
  /** Choosing a colleague's new role. */
  | { name: 'team_role'; reseller: ResellerView; user: TeamMember }
  /** Inviting a colleague: the role first (null: not chosen yet), then who. */
  | { name: 'team_invite'; reseller: ResellerView; role: Role | null }
  | { name: 'team_confirm'; reseller: ResellerView; user: TeamMember; action: TeamAction };
