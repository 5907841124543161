import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, renderReply } from '../../../src/bots/telegram/render';
import { splitText as splitAt } from '../../../src/bots/split-text';

const splitText = (text: string) => splitAt(text, MAX_MESSAGE_LENGTH);
import type { Reply } from '../../../src/conversation/reply';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const buttons: Reply['buttons'] = [
  [{ id: '1z:buy', label: 'Buy' }, { id: '1z:cart', label: 'Cart' }],
  [{ url: 'https://pay.example/session/1', label: 'Open the payment page' }],
];

/** A long reply as the product writes them: lines joined by line breaks. */
function linesOf(count: number, width: number): string {
  return Array.from({ length: count }, (_, i) => `${i + 1}. ${'Professional 16 SC annual license '.repeat(4)}`.slice(0, width)).join('\n');
}

describe('rendering a reply for Telegram', () => {
  it('sends a short reply as one message with its buttons as an inline keyboard', () => {
    expect(renderReply({ text: 'Main menu', buttons, secret: false })).toEqual([
      {
        text: 'Main menu',
        reply_markup: {
          inline_keyboard: [
            [{ text: 'Buy', callback_data: '1z:buy' }, { text: 'Cart', callback_data: '1z:cart' }],
            [{ text: 'Open the payment page', url: 'https://pay.example/session/1' }],
          ],
        },
      },
    ]);
  });

  it('sends no keyboard when there are no buttons, and never an empty text', () => {
    expect(renderReply({ text: 'Cancelled.', buttons: [], secret: false })).toEqual([{ text: 'Cancelled.' }]);
    const [empty] = renderReply({ text: '', buttons, secret: false });
    expect(empty?.text.length).toBeGreaterThan(0);
    expect(empty?.reply_markup).toBeDefined();
  });

  it('splits a long reply at line breaks into messages of at most 4096 characters, losing nothing, with the keyboard on the last only', () => {
    const text = linesOf(400, 70);
    expect(text.length).toBeGreaterThan(3 * MAX_MESSAGE_LENGTH);
    const messages = renderReply({ text, buttons, secret: false });
    expect(messages.length).toBeGreaterThanOrEqual(4);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(m.text.trim().length).toBeGreaterThan(0);
    }
    // Cut between lines only: the lines come back whole and in order.
    expect(messages.map((m) => m.text).join('\n')).toBe(text);
    expect(messages.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(messages.at(-1)?.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['Buy', 'Cart', 'Open the payment page']);
  });

  it('keeps a blank line between paragraphs from turning into an empty message', () => {
    const paragraph = linesOf(30, 60);
    const text = [paragraph, paragraph, paragraph, paragraph, paragraph].join('\n\n');
    const pieces = splitText(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(piece.trim()).not.toBe('');
    }
    expect(pieces.join('\n').replace(/\n+/g, '\n')).toBe(text.replace(/\n+/g, '\n'));
  });

  it('splits one long line at spaces, keeping words whole', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`);
    const text = words.join(' ');
    const pieces = splitText(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(pieces.join(' ')).toBe(text);
    expect(pieces.flatMap((p) => p.split(' '))).toEqual(words);
  });

  it('cuts text with no space or line break at the limit, losing nothing', () => {
    const text = 'X'.repeat(MAX_MESSAGE_LENGTH * 2 + 100);
    const pieces = splitText(text);
    expect(pieces.map((p) => p.length)).toEqual([MAX_MESSAGE_LENGTH, MAX_MESSAGE_LENGTH, 100]);
    expect(pieces.join('')).toBe(text);
  });

  it('leaves a text of exactly 4096 characters whole', () => {
    const text = linesOf(200, 70).slice(0, MAX_MESSAGE_LENGTH);
    expect(splitText(text)).toEqual([text]);
  });

  it('never ends with an empty message that would carry the keyboard', () => {
    // 4096 characters and a line break: the line break must not become a message of its own.
    const text = `${'A'.repeat(MAX_MESSAGE_LENGTH)}\n`;
    const messages = renderReply({ text, buttons, secret: false });
    for (const m of messages) expect(m.text.trim().length).toBeGreaterThan(0);
    expect(messages.at(-1)?.reply_markup).toBeDefined();
    expect(messages.map((m) => m.text).join('')).toBe('A'.repeat(MAX_MESSAGE_LENGTH));
  });

  it('does not cut a character in two (an emoji is two UTF-16 units)', () => {
    const text = `a${'😀'.repeat(MAX_MESSAGE_LENGTH)}`;
    const pieces = splitText(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(piece).not.toMatch(LONE_SURROGATE);
    }
    expect(pieces.join('')).toBe(text);
  });
});
