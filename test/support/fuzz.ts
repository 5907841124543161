// Generated input for fuzzing the conversation: a seeded random sequence (the same seed gives
// the same inputs, so a failure repeats) and texts people and programs send: words and intents,
// keys, injections, markup, emoji and lone surrogates, control characters, huge texts.

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const PIECES = [
  'renew', 'upgrade', 'buy', 'new', 'cart', 'menu', 'checkout', 'pay', 'approvals', 'here', 'licenses', 'invoices', 'help', 'log out',
  'pro', 'enterprise', 'startup', '16', '8', '0', '-1', '51', '999999999999', '2 years', 'sc', 'x', 'for', 'to', 'ABCD-EFGH-JKLM-NP23',
  '7Q2M-4K8P-ZX3N-1A9B', '7q2m 4k8p zx3n 1a9b', 'FIXED50', 'Globex', "Robert'); drop table orders;--", '<b>bold</b>', '<@U123>', '@channel',
  '${1}', '%s', '\\', '"', '\u200b', '\u202e', '🙂', '👨‍👩‍👧', '\ud83d', '\udc00', '\u0000', '\u001b[31m', '\r\n', '\t', 'é', 'ß', '中文', '/start',
  '/back', '/cancel', '/cart', '/menu', '/help', '/logout', '/approvals', '/', '~', ':', '.', ' ',
] as const;

/** A seeded source of choices and of texts, up to `longest` characters (about 200,000 by default). */
export function fuzzText(seed: number, longest = 204_000) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const int = (n: number) => Math.floor(next() * n);

  function text(): string {
    switch (int(8)) {
      case 0: return Array.from({ length: 1 + int(6) }, () => pick(PIECES)).join(pick([' ', '', '  ', ',', '-']));
      case 1: return pick(PIECES).repeat(1 + int(6_000)).slice(0, longest);
      case 2: return String.fromCharCode(...Array.from({ length: 1 + int(40) }, () => int(0x10000)));
      case 3: return String.fromCodePoint(...Array.from({ length: 1 + int(20) }, () => int(0x110000 - 0x800)).map((c) => (c >= 0xd800 ? c + 0x800 : c)));
      case 4: return String(int(200) - 50);
      case 5: return 'x'.repeat(Math.min(longest, 4_000 + int(200_000)));
      case 6: return pick(PIECES).toUpperCase();
      default: return '';
    }
  }

  return { next, pick, int, text };
}
