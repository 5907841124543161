// What a login name may be: 3 to 60 letters, digits and `. _ @ -`, and not a greeting, so that
// "hi" or "hello" typed at the username prompt (the first thing people write to a bot) is taken
// as a greeting, never as a login name whose password is then asked.

const USERNAME = /^[A-Za-z0-9._@-]{3,60}$/;

// Compared in lower case, with trailing punctuation and spaces dropped.
const GREETINGS = new Set(['hi', 'hii', 'hey', 'heya', 'hiya', 'hello', 'hallo', 'hullo', 'helo', 'hoi', 'howdy', 'yo', 'greetings', 'good morning', 'good afternoon', 'good evening', 'good day', 'morning', 'hi there', 'hello there', 'hey there', 'start', 'begin', 'login', 'log in']);

/** Whether `text` is a greeting ("Hi!", "hello there", "good morning") rather than a login name. */
export function isGreeting(text: string): boolean {
  return GREETINGS.has(text.trim().toLowerCase().replace(/[\s!.,?:;)(]+$/u, '').replace(/\s+/g, ' '));
}

/** Whether `username` may be given to a new account. */
export function isValidUsername(username: string): boolean {
  return USERNAME.test(username) && !isGreeting(username);
}
