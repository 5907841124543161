// What the staff flow keeps in its steps: cards, list items, the actions' verbs and what was typed for them.
import type { CardKind } from '../../../domain/staff/desk';
import type { LicenseCorrection, LicenseMove } from '../../../domain/use-cases/staff/actions';

/** What a card or a list item opens. */
export interface StaffTarget {
  kind: CardKind;
  id: string;
}

/** What staff can do from a card (or an attention item). */
export const STAFF_VERBS = ['confirm', 'cancel', 'refund', 'refund_pay', 'resend', 'move', 'correct', 'note'] as const;
export type StaffVerb = (typeof STAFF_VERBS)[number];

/** A card as shown: its text, its actions, and what it links to (JSON-safe, kept in the step). */
export interface CardView {
  target: StaffTarget;
  text: string;
  actions: StaffVerb[];
  links: Array<{ label: string; target: StaffTarget }>;
  /** Payments kept for staff to refund, by provider reference (`refund_pay` takes an index). */
  kept: string[];
  /** An order's total and payment reference, for the confirmation prompt; `due` when part of it came already. */
  order?: OrderFacts;
}

/** What staff typed before the reason: the transfer, where a license goes, or a correction. */
export type StaffInput =
  | { kind: 'payment'; bankReference: string; amountCents: number }
  | { kind: 'move'; move: LicenseMove }
  | { kind: 'correct'; correction: LicenseCorrection };

export interface AttentionEntry {
  text: string;
  orderNumber: number;
  target: StaffTarget;
  actions: StaffVerb[];
  kept: string[];
  order: OrderFacts;
}

/** An order's total, what is still due (after part payments) and its payment reference. */
export interface OrderFacts {
  total: string;
  due?: string;
  reference: string;
}

export type StaffStep =
  | { name: 'staff_menu' }
  | { name: 'staff_find' }
  | { name: 'staff_found'; query: string; hits: Array<{ label: string; target: StaffTarget }> }
  | { name: 'staff_card'; card: CardView }
  | { name: 'staff_ask'; card: CardView; verb: StaffVerb; arg: number | null; stage: 'input' | 'reason'; input: StaffInput | null }
  | { name: 'staff_attention'; title: string; items: AttentionEntry[] };
