/** A button that sends its id back when pressed. */
export interface ActionButton {
  id: string;
  label: string;
}

/** A button that opens a web page (a payment page, say). */
export interface LinkButton {
  url: string;
  label: string;
}

export type Button = ActionButton | LinkButton;

/** A file sent with a message (an invoice PDF, a statement CSV). */
export interface ReplyDocument {
  filename: string;
  mimeType: string;
  content: Uint8Array;
}

/** One message to the user, the same for every channel; each channel renders it its own way. */
export interface Reply {
  text: string;
  buttons: Button[][];
  /** The answer to this prompt must not be echoed, logged or stored (the password). */
  secret: boolean;
  /** With `secret`: a new password is chosen (with a one-time code), not one typed to log in; a channel's form says so. */
  choosingPassword?: boolean;
  /** A file that goes with the message: a Telegram document, a Slack file, a file the console writes. */
  document?: ReplyDocument;
}

/** A reply of plain text. */
export function say(text: string): Reply {
  return { text, buttons: [], secret: false };
}

/** Whether a button opens a link rather than sending an id. */
export function isLink(button: Button): button is LinkButton {
  return 'url' in button;
}
