import type { Channel } from '../domain/orders/order';
import type { Reply } from '../conversation/reply';

/** A file sent with a message (the invoice PDF). */
export interface Attachment {
  filename: string;
  content: Buffer;
}

/** What became of one delivery: sent, impossible for good, or to be tried again later. */
export type DeliveryOutcome = { kind: 'delivered' } | { kind: 'unreachable'; reason: string } | { kind: 'retry'; afterMs: number; reason: string };

/** Delivers messages to chats of one channel (Telegram, Slack, the console). */
export interface ChannelNotifier {
  deliver(chatId: string, replies: Reply[], attachment?: Attachment): Promise<DeliveryOutcome>;
}

export type Notifiers = Partial<Record<Channel, ChannelNotifier>>;

/**
 * The console's notifier: a console session that is open prints what arrives for its chat;
 * with none open, the message waits and is tried again.
 */
export function consoleNotifier() {
  const open = new Map<string, (replies: Reply[]) => void>();
  return {
    attach(chatId: string, print: (replies: Reply[]) => void): () => void {
      open.set(chatId, print);
      return () => {
        if (open.get(chatId) === print) open.delete(chatId);
      };
    },
    async deliver(chatId: string, replies: Reply[]): Promise<DeliveryOutcome> {
      const print = open.get(chatId);
      if (!print) return { kind: 'retry', afterMs: 5 * 60_000, reason: 'no console session is open' };
      print(replies);
      return { kind: 'delivered' };
    },
  };
}
