// Who does an administrator's or staff member's action: a staff account (from the chat, or the
// operator CLI's --by), named in the audit log as `staff:<name>`.

/** A person of the distributor acting in the Master or Admin portal. */
export interface StaffActor {
  kind: 'staff';
  /** The staff account; null for the server's operator running the CLI without a staff account. */
  id: string | null;
  name: string;
  role: 'staff' | 'admin';
}

/** The refusal of an admin action to a `staff` role. */
export interface Forbidden {
  kind: 'forbidden';
  needed: 'admin';
}

/** How the audit log names the actor. */
export function actorLabel(actor: StaffActor): string {
  return `staff:${actor.name}`;
}

/** The name an actor's label stands for, as people read it (`staff:alice` → `alice`). */
export function actorName(label: string): string {
  return label.startsWith('staff:') ? label.slice('staff:'.length) : label;
}

/** Undefined when `actor` may do admin actions, else the refusal to return. */
export function refuseUnlessAdmin(actor: StaffActor): Forbidden | undefined {
  return actor.role === 'admin' ? undefined : { kind: 'forbidden', needed: 'admin' };
}
