import type { ActionButton, Button, Reply } from './reply';

/** The start of a notification button's id. */
export const NOTIFICATION_PREFIX = '~';

/**
 * Button ids are `<nonce>:<action>`: the nonce (base 36) names the message the button
 * belongs to, so a button of an older message is recognised and never acts. Ids stay far
 * below Telegram's 64-byte callback_data limit. Notification buttons start with `~` (which
 * no nonce can, being base 36) and start their own flow whenever they are pressed.
 */
export function stamp(reply: Reply, nonce: number): Reply {
  const prefix = `${nonce.toString(36)}:`;
  return {
    ...reply,
    buttons: reply.buttons.map((row) => row.map((b): Button => ('url' in b ? b : { id: b.id.startsWith(NOTIFICATION_PREFIX) ? b.id : prefix + b.id, label: b.label }))),
  };
}

/** A pressed id split into the nonce of its message and its action; undefined when malformed. */
export function parseButtonId(id: string): { nonce: number; action: string } | { notification: string } | undefined {
  if (id.startsWith(NOTIFICATION_PREFIX)) return { notification: id.slice(NOTIFICATION_PREFIX.length) };
  const match = /^([0-9a-z]{1,8}):([\w.:-]{1,50})$/.exec(id);
  if (!match || !match[1] || !match[2]) return undefined;
  return { nonce: parseInt(match[1], 36), action: match[2] };
}

/** An action button (its id is stamped later). */
export const button = (action: string, label: string): ActionButton => ({ id: action, label });

/** Buttons laid out in rows of `perRow`. */
export function rows(buttons: ActionButton[], perRow: number): ActionButton[][] {
  const out: ActionButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}
