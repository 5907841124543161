import { isLink, type Reply } from '../../conversation/reply';
import { t } from '../../conversation/wording';
import { splitText } from '../split-text';

/** Slack's limits: a section's text, a button's label, the elements of an actions block, blocks per message. */
export const SECTION_TEXT_MAX = 3000;
const LABEL_MAX = 75;
const ACTIONS_MAX = 25;
const BLOCKS_MAX = 50;

/** The action id of the button that opens the password form (a secret is never typed into the chat). */
export const PASSWORD_ACTION = 'password_form';
/** The value of that button: the form to log in, or the one to choose a new password with a one-time code. */
export const PASSWORD_FORMS = { login: PASSWORD_ACTION, choose: 'new_password_form' } as const;
export type PasswordForm = keyof typeof PASSWORD_FORMS;
const isPasswordForm = (id: string) => id === PASSWORD_FORMS.login || id === PASSWORD_FORMS.choose;

/** Which form a password button opens (its value; one from before there were two opens the login form). */
export function passwordFormOf(value: string | undefined): PasswordForm {
  return value === PASSWORD_FORMS.choose ? 'choose' : 'login';
}

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji: true };
  value?: string;
  url?: string;
}

export type SlackBlock =
  | { type: 'section'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'actions'; block_id: string; elements: SlackButton[] };

/** One Slack message: the fallback text (notifications, screen readers) and its blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Escapes what Slack reads as markup in a message's fallback text (`<`, `>`, `&`). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders a reply as Slack messages: the text as plain-text sections (no markup, so nothing a
 * user typed can mention @channel or fake a link), a row of buttons as an actions block whose
 * values are the conversation's button ids, links as URL buttons. A prompt for a secret gets
 * a button that opens a form instead of asking for it in the chat.
 */
export function renderReply(reply: Reply): SlackMessage[] {
  const form = PASSWORD_FORMS[reply.choosingPassword ? 'choose' : 'login'];
  const rows = reply.secret ? [[{ id: form, label: t.login.enterPasswordPrivately }], ...reply.buttons] : reply.buttons;
  let n = 0;
  const actions: SlackBlock[] = rows.flatMap((row, r) => {
    const blocks: SlackBlock[] = [];
    for (let start = 0; start < row.length; start += ACTIONS_MAX) {
      const elements = row.slice(start, start + ACTIONS_MAX).map((b): SlackButton => {
        const text = { type: 'plain_text' as const, text: truncate(b.label, LABEL_MAX), emoji: true as const };
        n += 1;
        if (isLink(b)) return { type: 'button', action_id: `link_${n}`, text, url: b.url };
        return { type: 'button', action_id: isPasswordForm(b.id) ? PASSWORD_ACTION : `press_${n}`, text, value: b.id };
      });
      blocks.push({ type: 'actions', block_id: `row_${r}_${start}`, elements });
    }
    return blocks;
  });
  const sections: SlackBlock[] = splitText(reply.text, SECTION_TEXT_MAX).map((text) => ({ type: 'section', text: { type: 'plain_text', text, emoji: true } }));
  const messages: SlackMessage[] = [];
  for (let start = 0; start < sections.length; start += BLOCKS_MAX) messages.push(message(sections.slice(start, start + BLOCKS_MAX)));
  const last = messages[messages.length - 1] as SlackMessage;
  if (actions.length > 0 && last.blocks.length + actions.length <= BLOCKS_MAX) last.blocks.push(...actions);
  else if (actions.length > 0) messages.push({ text: escapeText(t.chooseBelow), blocks: actions.slice(0, BLOCKS_MAX) });
  return messages;
}

function message(sections: SlackBlock[]): SlackMessage {
  const first = sections[0];
  const text = first && first.type === 'section' ? first.text.text : '';
  return { text: escapeText(text), blocks: sections };
}

/** At most `max` UTF-16 units, cut between characters (never inside an emoji). */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = '';
  for (const char of text) {
    if (cut.length + char.length > max - 1) break;
    cut += char;
  }
  return `${cut}…`;
}
