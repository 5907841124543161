// Who does an administrator's or staff member's action: a staff account (from the chat, or the
// operator CLI's --by), named in the audit log as `staff:<name>`. A reseller's owner manages the
// users of their own company with the same use cases, named as `user:<id>` as in their other
// audit entries.

/** A person of the distributor acting in the Master or Admin portal. */
export interface StaffActor {
  kind: 'staff';
  /** The staff account; null for the server's operator running the CLI without a staff account. */
  id: string | null;
  name: string;
  role: 'staff' | 'admin';
}

/**
 * A reseller's owner managing their company's users from the chat. Who they are is read again
 * by the use case (an owner made purchase meanwhile is refused), and they reach only the users
 * of their own reseller.
 */
export interface OwnerActor {
  kind: 'owner';
  /** The owner's reseller user account. */
  id: string;
  resellerId: string;
}

/** Who may manage users: an administrator (any reseller's, and the staff) or an owner (their own reseller's). */
export type UsersActor = StaffActor | OwnerActor;

/** The refusal of an admin action to a `staff` role, or of an owner's to a user no longer an owner. */
export interface Forbidden {
  kind: 'forbidden';
  needed: 'admin' | 'owner';
}

/** How the audit log names the actor. */
export function actorLabel(actor: UsersActor): string {
  return actor.kind === 'owner' ? `user:${actor.id}` : `staff:${actor.name}`;
}

/** The name an actor's label stands for, as people read it (`staff:alice` → `alice`). */
export function actorName(label: string): string {
  return label.startsWith('staff:') ? label.slice('staff:'.length) : label;
}

/** Undefined when `actor` may do admin actions, else the refusal to return. */
export function refuseUnlessAdmin(actor: StaffActor): Forbidden | undefined {
  return actor.role === 'admin' ? undefined : { kind: 'forbidden', needed: 'admin' };
}
