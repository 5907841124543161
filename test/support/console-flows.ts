// Helpers for the JSONL-console conversation tests: reaching each step of the Buy flows,
// reading what was printed, and looking at the database behind the conversation.
import { afterAll, beforeAll, expect } from 'vitest';
import type { ConversationKey } from '../../src/conversation/engine';
import type { Reply } from '../../src/conversation/reply';
import { consoleSession, type OutMessage } from './console-driver';

export type Chat = Awaited<ReturnType<typeof consoleSession>>;
export type Demo = Chat['demo'];
export type Messages = OutMessage[];

/** The labels of the buttons of the last message that has buttons (flattened, in order). */
export function labels(messages: Messages | Reply[]): string[] {
  const withButtons = [...messages].reverse().find((m) => m.buttons.length > 0);
  return withButtons ? withButtons.buttons.flat().map((b) => b.label) : [];
}

/** All the text printed, one message after another. */
export function textOf(messages: Messages | Reply[]): string {
  return messages.map((m) => m.text).join('\n');
}

/** The text of the last message (the step the user is at now). */
export function lastText(messages: Messages | Reply[]): string {
  return messages.at(-1)?.text ?? '';
}

/** The id of a button of replies returned by `engine.handle` directly. */
export function replyButtonId(replies: Reply[], label: string | RegExp): string {
  const all = [...replies].reverse().find((r) => r.buttons.length > 0)?.buttons.flat() ?? [];
  const found = all.find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
  if (!found || !('id' in found)) throw new Error(`no button ${String(label)} in: ${all.map((b) => b.label).join(' | ')}`);
  return found.id;
}

/** The conversation's saved state, as the engine stored it. */
export async function savedState(demo: Demo, key: ConversationKey): Promise<{ nonce: number; step: { name: string }; session: unknown } & Record<string, unknown>> {
  const row = await demo.knex('conversations').where({ channel: key.channel, chat_id: key.chatId, external_user_id: key.userId }).first('state');
  if (!row) throw new Error(`no conversation ${key.chatId}/${key.userId}`);
  return row.state;
}

/** A console session on `demo` (a fresh demo database when not given), logged in as `username`. */
export async function loggedInChat(username = 'demo', options: { demo?: Demo; key?: Partial<ConversationKey> } = {}): Promise<Chat> {
  const chat = await consoleSession(options);
  const menu = await chat.login(username);
  expect(textOf(menu)).toMatch(/Welcome, /);
  return chat;
}

/**
 * For a describe block: a console chat on a fresh demo database, logged in as `username`
 * before its tests (handed over by `set`), closed and dropped after them.
 */
export function loggedInChatForTests(username: string, set: (chat: Chat) => void): void {
  let chat: Chat | undefined;
  beforeAll(async () => {
    chat = await loggedInChat(username);
    set(chat);
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });
}

/** Back at the main menu, whatever step the conversation was at. */
export async function toMenu(chat: Chat): Promise<Messages> {
  const menu = await chat.send('/menu');
  expect(lastText(menu)).toMatch(/^Main menu/);
  return menu;
}

export type Edition = 'Startup' | 'Professional' | 'Enterprise';

/** From the main menu to the new-license edition step. */
export async function startNewLicense(chat: Chat): Promise<Messages> {
  await toMenu(chat);
  await chat.press('Buy');
  return chat.press('New license');
}

export type CustomerChoice = { existing: string } | { typed: string } | 'skip';

/** A new license from the main menu up to its summary (before "Add to cart"). */
export async function newLicenseSummary(chat: Chat, o: { edition: Edition; sc: number; quantity: number; years: number; customer?: CustomerChoice }): Promise<Messages> {
  await startNewLicense(chat);
  await chat.press(o.edition);
  await chat.press(`${o.sc} SC`);
  await (o.quantity <= 5 ? chat.press(String(o.quantity)) : chat.send(String(o.quantity)));
  await chat.press(String(o.years));
  const customer = o.customer ?? 'skip';
  if (customer === 'skip') return chat.press('Skip');
  if ('existing' in customer) {
    if (!labels(chat.transcript).includes(customer.existing)) await chat.press('Next ›');
    return chat.press(customer.existing);
  }
  await chat.press('+ New customer');
  return chat.send(customer.typed);
}

export type KeyFlow = 'Upgrade' | 'Renew annual license' | 'Renew maintenance';

/** From the main menu to the key prompt of a key flow. */
export async function startKeyFlow(chat: Chat, flow: KeyFlow): Promise<Messages> {
  await toMenu(chat);
  await chat.press('Buy');
  return chat.press(flow);
}

/** An upgrade from the main menu up to its summary. */
export async function upgradeSummary(chat: Chat, key: string, edition: Edition, sc: number): Promise<Messages> {
  await startKeyFlow(chat, 'Upgrade');
  await chat.send(key);
  await chat.press(edition);
  return chat.press(`${sc} SC`);
}

/** A renewal (annual or maintenance) from the main menu up to its summary. */
export async function renewalSummary(chat: Chat, flow: 'Renew annual license' | 'Renew maintenance', key: string, years: number): Promise<Messages> {
  await startKeyFlow(chat, flow);
  await chat.send(key);
  return chat.press(String(years));
}

/** Presses "Add to cart" on a summary and checks it was added. */
export async function addToCart(chat: Chat): Promise<Messages> {
  const added = await chat.press('Add to cart');
  expect(textOf(added)).toMatch(/^Added to your cart: /m);
  return added;
}

/** From anywhere to the coupon step of checkout (the cart must have lines). */
export async function toCouponStep(chat: Chat): Promise<Messages> {
  await chat.send('/cart');
  const coupon = await chat.press('Proceed to checkout');
  expect(lastText(coupon)).toMatch(/coupon code/);
  return coupon;
}

/** Checks out the cart with an optional coupon and pays by bank transfer. */
export async function placeOfflineOrder(chat: Chat, coupon: string | null = null): Promise<Messages> {
  await toCouponStep(chat);
  const review = coupon ? await chat.send(coupon) : await chat.press('Skip');
  expect(lastText(review)).toMatch(/^Order summary:/);
  const placed = await chat.press('Bank transfer (offline)');
  expect(textOf(placed)).toMatch(/Order \d+ is placed/);
  return placed;
}

/** An order waiting for its bank transfer, as the tests that act on it need it. */
export interface WaitingOrder {
  number: number;
  id: string;
  totalCents: number;
  reference: string;
}

/** Orders waiting for their bank transfer, one a license, placed by the demo owner in a console chat of its own (closed after). */
export async function placeWaitingOrders(demo: Demo, licenses: Array<{ edition: Edition; sc: number }>): Promise<WaitingOrder[]> {
  const owner = await consoleSession({ demo, key: { chatId: 'owner', userId: 'owner' } });
  try {
    await owner.login('demo');
    const orders: WaitingOrder[] = [];
    for (const license of licenses) {
      await newLicenseSummary(owner, { ...license, quantity: 1, years: 1 });
      await addToCart(owner);
      const number = Number(/Order (\d+) is placed/.exec(textOf(await placeOfflineOrder(owner)))?.[1]);
      const row = await demo.knex('orders').where({ number }).first('id', 'total_cents', 'payment_reference');
      orders.push({ number, id: String(row.id), totalCents: Number(row.total_cents), reference: String(row.payment_reference) });
    }
    return orders;
  } finally {
    await owner.close();
  }
}

/** One order waiting for its bank transfer (see placeWaitingOrders). */
export async function placeWaitingOrder(demo: Demo, license: { edition: Edition; sc: number }): Promise<WaitingOrder> {
  const [order] = await placeWaitingOrders(demo, [license]);
  if (!order) throw new Error('the order was not placed');
  return order;
}

/** The demo user's id. */
export async function userId(demo: Demo, username: string): Promise<string> {
  const row = await demo.knex('reseller_users').whereRaw('lower(username) = lower(?)', [username]).first('id');
  if (!row) throw new Error(`no user ${username}`);
  return String(row.id);
}

/** The cart lines of a user, oldest first, with the request and quote as stored. */
export async function cartLines(demo: Demo, username = 'demo'): Promise<Array<{ kind: string; list_cents: number; request: Record<string, unknown>; quote: Record<string, unknown>; license_id: string | null }>> {
  const id = await userId(demo, username);
  const rows = await demo.knex('cart_lines as l').join('carts as c', 'c.id', 'l.cart_id').where('c.reseller_user_id', id).orderBy('l.seq').select('l.kind', 'l.list_cents', 'l.request', 'l.quote', 'l.license_id');
  return rows.map((r) => ({ ...r, list_cents: Number(r.list_cents) }));
}

/** Empties a user's cart directly in the database (test set-up between flows). */
export async function clearCart(demo: Demo, username = 'demo'): Promise<void> {
  const id = await userId(demo, username);
  await demo.knex('cart_lines').whereIn('cart_id', demo.knex('carts').where({ reseller_user_id: id }).select('id')).del();
}

/** The id of a license by its key. */
export async function licenseId(demo: Demo, key: string): Promise<string> {
  const row = await demo.knex('licenses').where({ license_key: key }).first('id');
  if (!row) throw new Error(`no license ${key}`);
  return String(row.id);
}

/** Every row of every table of the database, as text (to search it for a secret). */
export async function databaseText(demo: Demo): Promise<Map<string, string>> {
  const tables = await demo.knex('information_schema.tables').where({ table_schema: 'public', table_type: 'BASE TABLE' }).pluck('table_name');
  const out = new Map<string, string>();
  for (const table of tables as string[]) {
    const { rows } = await demo.knex.raw('select t::text as row from ?? t', [table]);
    out.set(table, (rows as Array<{ row: string }>).map((r) => r.row).join('\n'));
  }
  return out;
}

export const NAV = ['« Back', 'Cancel'];
export const ALL_TIERS = [4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024];
export const tierLabels = (tiers: number[]) => tiers.map((sc) => `${sc} SC`);
