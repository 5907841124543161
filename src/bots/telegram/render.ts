import type { Reply } from '../../conversation/reply';
import { splitText } from '../split-text';

/** Telegram's limit on the text of one message. */
export const MAX_MESSAGE_LENGTH = 4096;
/** Telegram's longest caption of a document. */
export const MAX_CAPTION_LENGTH = 1024;

export interface InlineKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string } | { text: string; url: string }>>;
}

/** A reply as Telegram messages: the text split into chunks, the keyboard on the last one. */
export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboard;
}

/** Renders a reply: buttons become an inline keyboard, long text is split on line breaks. */
export function renderReply(reply: Reply): TelegramMessage[] {
  const chunks = splitText(reply.text, MAX_MESSAGE_LENGTH);
  const keyboard: InlineKeyboard | undefined = reply.buttons.length
    ? { inline_keyboard: reply.buttons.map((row) => row.map((b) => ('url' in b ? { text: b.label, url: b.url } : { text: b.label, callback_data: b.id }))) }
    : undefined;
  return chunks.map((text, i) => (i === chunks.length - 1 && keyboard ? { text, reply_markup: keyboard } : { text }));
}
