import type { Reply } from '../../conversation/reply';
import type { DeliveryOutcome } from '../../jobs/notifier';
import type { ChannelAdapter } from '../channel';

/**
 * The console as a channel: nothing on the HTTP server, nothing to connect; its notifications
 * go to the console session open for the chat (in this process or another, through `feed`).
 */
export function consoleChannel(feed: { deliver(chatId: string, replies: Reply[]): Promise<DeliveryOutcome>; close(): Promise<void> }): ChannelAdapter {
  return {
    channel: 'console',
    routes: () => [],
    start: async () => undefined,
    stop: () => feed.close(),
    deliver: (chatId, replies) => feed.deliver(chatId, replies),
  };
}
