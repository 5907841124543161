import type { Reply } from '../../conversation/reply';

/** Telegram's limit on the text of one message. */
export const MAX_MESSAGE_LENGTH = 4096;

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
  const chunks = splitText(reply.text);
  const keyboard: InlineKeyboard | undefined = reply.buttons.length
    ? { inline_keyboard: reply.buttons.map((row) => row.map((b) => ('url' in b ? { text: b.label, url: b.url } : { text: b.label, callback_data: b.id }))) }
    : undefined;
  return chunks.map((text, i) => (i === chunks.length - 1 && keyboard ? { text, reply_markup: keyboard } : { text }));
}

/**
 * Splits text into pieces of at most `max` UTF-16 units, at line breaks, then spaces, where
 * it can; never inside a surrogate pair (an emoji), and never leaving an empty piece.
 */
export function splitText(text: string, max = MAX_MESSAGE_LENGTH): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n');
    if (cut <= 0) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    const piece = rest.slice(0, cut).trimEnd();
    if (piece.trim() !== '') pieces.push(piece);
    rest = rest.slice(cut).replace(/^[\n ]+/, '');
  }
  if (rest.trim() !== '' || pieces.length === 0) pieces.push(rest.trim() === '' ? '…' : rest);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
