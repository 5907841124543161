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

/**
 * The message again with its link buttons written into the text ("Open the payment page:
 * https://…"), for a Bot API that refuses a button's URL (api.telegram.org takes no host
 * without a dot, such as localhost): the rest of its keyboard stays. The links go in a message
 * of their own when the text has no room for them.
 */
export function linksInText(message: TelegramMessage): TelegramMessage[] {
  const buttons = message.reply_markup?.inline_keyboard ?? [];
  const links = buttons.flat().flatMap((b) => ('url' in b ? [`${b.text}: ${b.url}`] : []));
  const rows = buttons.map((row) => row.filter((b) => !('url' in b))).filter((row) => row.length > 0);
  const keyboard = rows.length > 0 ? { reply_markup: { inline_keyboard: rows } } : {};
  const joined = `${message.text}\n\n${links.join('\n')}`;
  if (joined.length <= MAX_MESSAGE_LENGTH) return [{ text: joined, ...keyboard }];
  return [{ text: message.text }, ...splitText(links.join('\n'), MAX_MESSAGE_LENGTH).map((text, i, all) => (i === all.length - 1 ? { text, ...keyboard } : { text }))];
}

/** Whether a message has a link button. */
export function hasLinks(message: TelegramMessage): boolean {
  return message.reply_markup?.inline_keyboard.some((row) => row.some((b) => 'url' in b)) ?? false;
}
