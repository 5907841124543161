// What a typed message can state, whatever the language: the grammar of each language turns
// text into these (intents/en.ts), and the flows take them (their `intents` handlers).
import type { Edition } from '../../domain/pricing/catalog';

/** Places the main menu leads to, named by a word ("cart", "invoices", "expiring"). */
export const DESTINATIONS = ['menu', 'dashboard', 'buy', 'cart', 'checkout', 'licenses', 'expiring', 'invoices', 'orders', 'help', 'logout', 'approvals', 'customers', 'team'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/**
 * A stated intent. Numbers are as typed (a quantity of 51 is kept, so that the flow refuses
 * it in the same words as its buttons would); a key is as typed, verified by the domain.
 */
export type Intent =
  | { kind: 'open_key'; key: string }
  | { kind: 'renew'; key?: string; years?: number }
  | { kind: 'renew_maintenance'; key?: string; years?: number }
  | { kind: 'upgrade'; key?: string; edition?: Edition; sc?: number }
  | { kind: 'new_license'; quantity?: number; edition?: Edition; sc?: number; years?: number }
  | { kind: 'go'; to: Destination }
  /** One of the reseller's orders, by the number it was given ("order 12", "order #12"). */
  | { kind: 'open_order'; number: number }
  /** Where the team's approval requests go: this (team) chat, or each approver's private chats. */
  | { kind: 'approvals_chat'; here: boolean };

/**
 * What a language's grammar makes of a text: an intent stated in full ("renew KEY for 2
 * years", "my licenses"), a license key mentioned in other words (weaker: at a key prompt
 * the key is the prompt's), or nothing.
 */
export type Understood = { strength: 'stated'; intent: Intent } | { strength: 'mentioned'; intent: Extract<Intent, { kind: 'open_key' }> } | undefined;

/** A language's grammar. */
export type Grammar = (text: string) => Understood;
