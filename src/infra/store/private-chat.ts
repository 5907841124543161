/**
 * SQL: the identity `ci` is a private chat (a Telegram or console chat is its user's own; a
 * Slack direct message's id starts with D). Messages with keys and prices go to these only.
 */
export const PRIVATE_CHAT = `(ci.chat_id = ci.external_user_id or (ci.channel = 'slack' and ci.chat_id like 'D%'))`;
