// Whether a chat's updates are handled once each and answered in their order, seen from
// outside: a logged-in reseller types several license keys one right after the other (none
// waiting for an answer), and each key's card must arrive once, in the order typed. The
// updates are delivered as Telegram delivers a chat's updates to a webhook (the next when the
// webhook took the one before), or, with `sequential` false, all at once; with
// `redeliverFirst`, the first update is posted again at the end, as Telegram does when it
// did not see the webhook take it.
import type { Arrival } from './fake-bot-api';
import { KEPT, WENT_WRONG, type TelegramChat } from './telegram-chat';

/** The first line of a license's card (src/conversation/flows/license-key). */
const CARD = /^License ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b/;

export interface BurstCheck {
  chatId: number;
  sent: string[];
  /** The keys of the cards, in the order they arrived ("went wrong" and other answers as such). */
  arrived: string[];
  /** What was wrong: empty when every key was answered once, in order. */
  violations: string[];
}

/** Sends `keys` as a burst and checks the answers. */
export async function checkBurst(chat: TelegramChat, keys: string[], options: { sequential?: boolean; redeliverFirst?: boolean; timeoutMs?: number } = {}): Promise<BurstCheck> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Each typed key is answered by one message: the burst is over when as many have arrived.
  // A key kept waiting may be told "busy, your message is kept" first: that is no answer.
  const sent = (arrivals: Arrival[]) => arrivals.filter((a) => a.method === 'sendMessage' && !KEPT.test(a.message.text));
  const burst = await chat.burst(keys, (arrivals) => sent(arrivals).length >= keys.length, timeoutMs, options);
  // A second answer to one update would come right after the first.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const answers = sent(chat.lastArrivals());
  const arrived = answers.map((a) => CARD.exec(a.message.text)?.[1] ?? (WENT_WRONG.test(a.message.text) ? '"something went wrong"' : `"${a.message.text.slice(0, 60)}"`));
  const violations: string[] = [];
  const counts = new Map<string, number>();
  for (const key of arrived) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const key of keys) {
    const n = counts.get(key) ?? 0;
    if (n === 0) violations.push(`${key} not answered`);
    if (n > 1) violations.push(`${key} answered ${n} times`);
  }
  for (const other of arrived.filter((key) => !keys.includes(key))) violations.push(`answered ${other}`);
  const firsts = arrived.filter((key, i) => keys.includes(key) && arrived.indexOf(key) === i);
  if (firsts.join() !== keys.filter((key) => counts.has(key)).join()) violations.push(`out of order: sent ${keys.join(', ')}; answered ${arrived.join(', ')}`);
  if (burst.timedOut) violations.push(`not all answered within ${timeoutMs / 1000} s`);
  return { chatId: chat.chatId, sent: keys, arrived, violations };
}
