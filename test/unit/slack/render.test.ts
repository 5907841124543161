// Replies rendered as Block Kit within Slack's limits: plain-text sections, 3000 characters a
// section, 25 buttons an actions block, 75 characters a label, 50 blocks a message.
import { describe, expect, it } from 'vitest';
import { escapeText, PASSWORD_ACTION, passwordFormOf, renderReply, SECTION_TEXT_MAX, type SlackBlock, type SlackButton, type SlackMessage } from '../../../src/bots/slack/render';
import type { Button, Reply } from '../../../src/conversation/reply';
import { t } from '../../../src/conversation/wording';

const reply = (text: string, buttons: Button[][] = [], secret = false): Reply => ({ text, buttons, secret });

type Section = Extract<SlackBlock, { type: 'section' }>;
type Actions = Extract<SlackBlock, { type: 'actions' }>;
const sections = (m: SlackMessage): Section[] => m.blocks.filter((b): b is Section => b.type === 'section');
const actions = (m: SlackMessage): Actions[] => m.blocks.filter((b): b is Actions => b.type === 'actions');
const buttons = (m: SlackMessage): SlackButton[] => actions(m).flatMap((b) => b.elements);
const sectionTexts = (messages: SlackMessage[]): string[] => messages.flatMap(sections).map((s) => s.text.text);

/** A long reply as the product writes them: numbered lines of `width` characters joined by line breaks. */
function linesOf(count: number, width: number): string {
  return Array.from({ length: count }, (_, i) => `${i + 1}. ${'Professional 16 SC annual license '.repeat(Math.ceil(width / 30))}`.slice(0, width).trimEnd()).join('\n');
}

const menu: Button[][] = [
  [{ id: '1z:buy', label: 'Buy' }, { id: '1z:cart', label: 'Cart' }],
  [{ url: 'https://pay.example/session/1', label: 'Open the payment page' }],
];

describe('rendering a reply for Slack', () => {
  it('puts the text in a plain-text section, so that nothing a user typed is read as markup', () => {
    const text = '*Acme* <!channel> <@U123> <https://evil.example|your invoice> _x_ `y` & done';
    const [message, ...more] = renderReply(reply(text));
    expect(more).toEqual([]);
    expect(message?.blocks).toEqual([{ type: 'section', text: { type: 'plain_text', text, emoji: true } }]);
  });

  it('escapes &, < and > in the fallback text, which Slack reads as markup', () => {
    const text = 'Tom & Jerry <!channel> <@U123> <https://evil.example|click> a > b';
    const [message] = renderReply(reply(text));
    expect(message?.text).toBe('Tom &amp; Jerry &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; a &gt; b');
    expect(message?.text).not.toMatch(/[<>]/);
    // Escaped once: an entity a user typed stays visible as typed.
    expect(escapeText('&amp;')).toBe('&amp;amp;');
  });

  it('splits a text over 3000 characters into several sections at line breaks, losing nothing', () => {
    const text = linesOf(200, 70);
    expect(text.length).toBeGreaterThan(4 * SECTION_TEXT_MAX);
    const messages = renderReply(reply(text, menu));
    expect(messages).toHaveLength(1);
    const texts = sectionTexts(messages);
    expect(texts.length).toBeGreaterThanOrEqual(5);
    for (const piece of texts) expect(piece.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    // Cut between lines only: every line comes back whole, in order.
    expect(texts.join('\n')).toBe(text);
    for (const piece of texts) expect(piece).toMatch(/^\d+\. Professional/);
  });

  it('sends more than 50 sections as several messages, the buttons on the last only', () => {
    const text = linesOf(1700, 99);
    expect(text.length).toBeGreaterThan(50 * SECTION_TEXT_MAX);
    const messages = renderReply(reply(text, menu));
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(sections(messages[0] as SlackMessage)).toHaveLength(50);
    expect(sectionTexts(messages).join('\n')).toBe(text);
    expect(messages.slice(0, -1).every((m) => actions(m).length === 0)).toBe(true);
    const last = messages.at(-1) as SlackMessage;
    expect(buttons(last).map((b) => b.text.text)).toEqual(['Buy', 'Cart', 'Open the payment page']);
    // The buttons follow the text of the last message.
    expect(last.blocks.at(-1)?.type).toBe('actions');
    expect(sections(last).length).toBeGreaterThan(0);
    // Each message's fallback text is its own first section.
    expect(messages.map((m) => m.text)).toEqual(messages.map((m) => escapeText(sections(m)[0]?.text.text ?? '')));
  });

  it('puts the buttons of a reply whose text fills 50 sections in a message of their own, under "Choose below."', () => {
    const line = 'x'.repeat(SECTION_TEXT_MAX - 1);
    const text = Array.from({ length: 50 }, () => line).join('\n');
    const messages = renderReply(reply(text, menu));
    expect(messages).toHaveLength(2);
    expect(messages[0]?.blocks).toHaveLength(50);
    expect(actions(messages[0] as SlackMessage)).toEqual([]);
    expect(messages[1]).toMatchObject({ text: t.chooseBelow });
    expect(messages[1]?.blocks.every((b) => b.type === 'actions')).toBe(true);
    expect(buttons(messages[1] as SlackMessage).map((b) => b.text.text)).toEqual(['Buy', 'Cart', 'Open the payment page']);
  });

  it('splits a row of 30 buttons into actions blocks of at most 25, keeping every button in order', () => {
    const row = Array.from({ length: 30 }, (_, i) => ({ id: `2a:pick.${i}`, label: `Option ${i + 1}` }));
    const [message, ...more] = renderReply(reply('Pick one', [row]));
    expect(more).toEqual([]);
    const blocks = actions(message as SlackMessage);
    expect(blocks.map((b) => b.elements.length)).toEqual([25, 5]);
    expect(buttons(message as SlackMessage).map((b) => b.value)).toEqual(row.map((b) => b.id));
    expect(new Set(blocks.map((b) => b.block_id)).size).toBe(blocks.length);
  });

  it('truncates a label over 75 characters to 75, ending with …', () => {
    const long = `Renew maintenance of 7Q2M-4K8P-ZX3N-1A9B (Harbor Dental) for ${'one more '.repeat(5)}year`;
    expect(long.length).toBeGreaterThan(75);
    const exact = 'y'.repeat(75);
    const [message] = renderReply(reply('Renew', [[{ id: '3:renew', label: long }, { id: '3:other', label: exact }]]));
    const [truncated, kept] = buttons(message as SlackMessage);
    expect(truncated?.text.text).toHaveLength(75);
    expect(truncated?.text.text).toBe(`${long.slice(0, 74)}…`);
    expect(kept?.text.text).toBe(exact);
    // The value (the conversation's button id) is not truncated with the label.
    expect(truncated?.value).toBe('3:renew');
  });
  it('never cuts an emoji in half when it truncates a label', () => {
    const label = `${'a'.repeat(73)}😀😀😀`;
    const [message] = renderReply(reply('Pick', [[{ id: '3:emoji', label }]]));
    const text = buttons(message as SlackMessage)[0]?.text.text ?? '';
    expect(text.length).toBeLessThanOrEqual(75);
    expect(text).toMatch(/…$/);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('gives every button of a message its own action_id, across rows, links and the password button', () => {
    const rows: Button[][] = [
      [{ id: '4:a', label: 'A' }, { id: '4:b', label: 'B' }],
      [{ url: 'https://pay.example/1', label: 'Pay' }, { id: '4:c', label: 'C' }],
      Array.from({ length: 27 }, (_, i) => ({ id: `4:n${i}`, label: `N${i}` })),
      [{ url: 'https://pay.example/2', label: 'Pay again' }],
    ];
    const [message, ...more] = renderReply(reply('Password for demo?', rows, true));
    expect(more).toEqual([]);
    const ids = buttons(message as SlackMessage).map((b) => b.action_id);
    expect(ids).toHaveLength(1 + 2 + 2 + 27 + 1);
    expect(new Set(ids).size).toBe(ids.length);
    const blockIds = (message as SlackMessage).blocks.filter((b) => b.type === 'actions').map((b) => (b as Actions).block_id);
    expect(new Set(blockIds).size).toBe(blockIds.length);
  });

  it('renders a link as a URL button with no value, and an action button with the id as its value and no url', () => {
    const [message] = renderReply(reply('Pay', menu));
    const [buy, cart, link] = buttons(message as SlackMessage);
    expect(link).toMatchObject({ type: 'button', url: 'https://pay.example/session/1', text: { type: 'plain_text', text: 'Open the payment page' } });
    expect(link).not.toHaveProperty('value');
    expect(buy).toMatchObject({ type: 'button', value: '1z:buy', text: { type: 'plain_text', text: 'Buy' } });
    expect(buy).not.toHaveProperty('url');
    expect(cart?.value).toBe('1z:cart');
  });

  it('puts the "Enter the password privately" button first on a secret prompt, and on no other reply', () => {
    const prompt = reply('Your password? (It is not shown or stored.)', [[{ id: '5:cancel', label: 'Cancel' }]], true);
    const [message] = renderReply(prompt);
    const [first, ...rest] = buttons(message as SlackMessage);
    expect(first).toMatchObject({ action_id: PASSWORD_ACTION, text: { text: t.login.enterPasswordPrivately } });
    expect(rest.map((b) => b.text.text)).toEqual(['Cancel']);
    expect(rest.map((b) => b.action_id)).not.toContain(PASSWORD_ACTION);
    expect(buttons(renderReply({ ...prompt, secret: false })[0] as SlackMessage).map((b) => b.action_id)).not.toContain(PASSWORD_ACTION);
    // With no buttons of its own, the prompt still gets the form's button.
    expect(buttons(renderReply(reply('Password for demo?', [], true))[0] as SlackMessage).map((b) => b.action_id)).toEqual([PASSWORD_ACTION]);
  });

  it('the password button of a prompt to choose a new password opens that form, and the login\'s the login form (the forms\' titles fit Slack\'s 24 characters)', () => {
    const [choose] = buttons(renderReply({ ...reply(t.login.choosePassword, [], true), choosingPassword: true })[0] as SlackMessage);
    const [login] = buttons(renderReply(reply(t.login.askPassword, [], true))[0] as SlackMessage);
    expect([choose?.action_id, login?.action_id]).toEqual([PASSWORD_ACTION, PASSWORD_ACTION]);
    expect([passwordFormOf(choose?.value), passwordFormOf(login?.value), passwordFormOf(undefined)]).toEqual(['choose', 'login', 'login']);
    for (const text of [t.login.newPasswordFormTitle, t.login.newPasswordFormSubmit, t.login.passwordFormTitle, t.login.passwordFormSubmit, t.login.passwordFormCancel]) expect(text.length, text).toBeLessThanOrEqual(24);
  });

  it('renders a text-only reply with no actions block, and an empty text as a non-empty section', () => {
    expect(renderReply(reply('Cancelled.'))).toEqual([{ text: 'Cancelled.', blocks: [{ type: 'section', text: { type: 'plain_text', text: 'Cancelled.', emoji: true } }] }]);
    const [empty] = renderReply(reply('', menu));
    expect(sections(empty as SlackMessage)).toHaveLength(1);
    expect(sections(empty as SlackMessage)[0]?.text.text.trim()).not.toBe('');
    expect(empty?.text.trim()).not.toBe('');
  });
});
