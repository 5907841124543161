// The English grammar of stated intents: "renew 7Q2M-4K8P-ZX3N-1A9B for 2 years", "buy 3 pro
// 16", "upgrade H3LT-… to enterprise 32 calls", "my licenses", "expiring". Case and spacing do
// not matter. A text is understood only when every word of it fits; otherwise a license key in
// it is still recognised (and opens that license), and anything else is not understood.
import type { Edition } from '../../domain/pricing/catalog';
import type { Destination, Grammar, Intent } from './intent';

const KEY_TOKEN = '\u0000key';

// Four groups of four letters and digits, written with dashes, with spaces, or run together,
// not inside a longer word nor with more attached to it (`…-1A9B-X` is no key). With spaces
// or run together it must hold a digit, so that four short words ("what does this mean") or
// one long word are not taken for a key.
const KEY_PATTERNS: ReadonlyArray<{ pattern: RegExp; needsDigit: boolean }> = [
  { pattern: /(?<![\w-])[a-z0-9]{4}(?:[ \t]*-[ \t]*[a-z0-9]{4}){3}(?![\w-])/i, needsDigit: false },
  { pattern: /(?<![\w-])[a-z0-9]{4}(?:[ \t]+[a-z0-9]{4}){3}(?![\w-])/i, needsDigit: true },
  { pattern: /(?<![\w-])[a-z0-9]{16}(?![\w-])/i, needsDigit: true },
];

function findKey(text: string): { key: string; rest: string } | undefined {
  for (const { pattern, needsDigit } of KEY_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const characters = match[0].replace(/[\s-]/g, '');
    if (needsDigit && !/\d/.test(characters)) continue;
    const key = characters.toUpperCase().replace(/(.{4})(?=.)/g, '$1-');
    return { key, rest: `${text.slice(0, match.index)} ${KEY_TOKEN} ${text.slice(match.index + match[0].length)}` };
  }
  return undefined;
}

const EDITION_WORDS: Readonly<Record<string, Edition>> = {
  startup: 'startup', 'start-up': 'startup', starter: 'startup',
  pro: 'professional', prof: 'professional', professional: 'professional',
  enterprise: 'enterprise', ent: 'enterprise', entreprise: 'enterprise',
};

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

const YEAR_UNITS = new Set(['y', 'yr', 'yrs', 'year', 'years']);
// "2 additional years", "1 extra year", "plus 1 year", "1 year more": years beyond the first one
// of a new license (its first year is included), so 1 more year is 2 in all.
const ADDITIONAL = new Set(['additional', 'extra', 'more', 'plus']);
const SC_UNITS = new Set(['sc', 'calls', 'call', 'simultaneous', 'channels', 'lines']);
const QUANTITY_UNITS = new Set(['x', 'license', 'licenses', 'licence', 'licences', 'keys', 'pcs', 'pieces', 'times']);
const FILLERS = new Set(['the', 'a', 'an', 'of', 'for', 'to', 'my', 'license', 'licence', 'key', 'with', 'and', 'please', 'pls', 'me', 'this', 'that', 'on', 'into', 'new', 'annual', 'subscription', 'edition', 'more', 'another', 'extra', 'by', 'plus', 'additional']);
const POLITE_START = /^(?:please |pls |i (?:want|need|would like|'d like|wanna) (?:to )?|i'd like (?:to )?|can you |could you |can i |could i |let'?s |lets )+/;

const VERBS: ReadonlyArray<[RegExp, 'renew' | 'upgrade' | 'buy']> = [
  [/^(?:renew|renewal|extend|prolong)$/, 'renew'],
  [/^(?:upgrade|upg|upsize)$/, 'upgrade'],
  [/^(?:buy|new|order|purchase|get|add)$/, 'buy'],
];

// Where the menu goes, by what people call it (after "show", "open", "go to", "my"…).
const DESTINATION_WORDS: ReadonlyArray<[RegExp, Destination]> = [
  [/^(?:main )?menu$|^home$|^start$/, 'menu'],
  [/^dashboard$|^overview$/, 'dashboard'],
  [/^buy$|^shop$|^purchase$|^order$/, 'buy'],
  [/^(?:shopping )?(?:cart|basket)$/, 'cart'],
  [/^check ?out$|^checkout$|^place (?:the |my )?order$|^pay(?: now)?$|^proceed(?: to checkout)?$/, 'checkout'],
  [/^(?:licen[cs]es?|(?:license |licence )?keys)$/, 'licenses'],
  [/^expiring(?: soon)?(?: licen[cs]es| keys)?$|^(?:licen[cs]es|keys) expiring(?: soon)?$|^(?:what|which licen[cs]es) (?:is |are )?expir(?:ing|es)(?: soon)?$|^renewals? due$|^due for renewal$|^(?:expired|lapsed)(?: licen[cs]es| keys)?$|^(?:licen[cs]es|keys) to renew$/, 'expiring'],
  [/^invoices?$|^bills?$/, 'invoices'],
  [/^orders$|^order (?:history|status)$|^(?:past|previous|recent|latest) orders$/, 'orders'],
  [/^(?:end )?customers?$|^clients?$/, 'customers'],
  [/^help$|^\?$/, 'help'],
  [/^approvals?(?: requests?)?$|^(?:approval )?requests$/, 'approvals'],
  [/^log ?out$|^log ?off$|^sign ?out$/, 'logout'],
  [/^(?:(?:my |our )?team|users|colleagues|(?:manage )?(?:team|users))$/, 'team'],
];
// "approvals here" (said in a team channel), "approvals by direct message".
const APPROVALS_CHAT: ReadonlyArray<[RegExp, boolean]> = [
  [/^(?:send |post )?(?:the )?approvals?(?: requests?)? (?:here|in(?:to)? this (?:channel|chat|group)|to this (?:channel|chat|group))$/, true],
  [/^(?:send |post )?(?:the )?approvals?(?: requests?)? (?:(?:by|in|as|to|via) (?:direct|private) messages?|privately)$/, false],
];
// "order 12", "order #12", "order no. 12", "open order number 12": that order, not a purchase of 12.
const ORDER_NUMBER = /^(?:(?:show|open|view|see|find|where is) )?(?:my |the )?order(?: no\.?| nr\.?| number)? ?#? ?(\d{1,9})$/;
const LEADING_NAVIGATION = /^(?:(?:show|open|view|see|list|go to|goto|take me to|to|my|the|all)\s+)+/;

function destinationOf(text: string): Destination | undefined {
  const phrase = text.replace(LEADING_NAVIGATION, '').trim();
  return DESTINATION_WORDS.find(([pattern]) => pattern.test(phrase))?.[1];
}

/** "16sc" → "16 sc", "2yrs" → "2 yrs", "3x" → "3 x": a number and its unit are two words. */
function words(text: string): string[] {
  return text
    .replace(/(\d)([a-z])/g, '$1 $2')
    .split(/[\s,;]+/)
    .filter((w) => w.length > 0);
}

type Parsed = { key?: string; edition?: Edition; sc?: number; quantity?: number; years?: number; maintenance?: boolean };

/**
 * The words after the verb: numbers with their units, edition names, the key, "maintenance",
 * and words that add nothing. A bare number is the quantity before an edition and the SC after
 * it (buy), the SC (upgrade) or the years (renew). Any other word: not understood.
 */
function parseRest(tokens: string[], verb: 'renew' | 'upgrade' | 'buy', key: string | undefined): Parsed | undefined {
  const out: Parsed = {};
  const setOnce = <K extends keyof Parsed>(field: K, value: Parsed[K]): boolean => {
    if (out[field] !== undefined) return false;
    out[field] = value;
    return true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i] as string;
    const following = tokens[i + 1];
    if (word === KEY_TOKEN) {
      if (!key || verb === 'buy' || !setOnce('key', key)) return undefined;
      continue;
    }
    if (word === 'maintenance' || word === 'maint') {
      if (verb !== 'renew' || !setOnce('maintenance', true)) return undefined;
      continue;
    }
    const edition = EDITION_WORDS[word];
    if (edition) {
      if (verb === 'renew' || !setOnce('edition', edition)) return undefined;
      continue;
    }
    // "1 additional year": the unit comes after the word that makes the years additional.
    const additionalBefore = following !== undefined && ADDITIONAL.has(following) && YEAR_UNITS.has(tokens[i + 2] ?? '');
    const yearsFollow = following !== undefined && (YEAR_UNITS.has(following) || additionalBefore);
    const number = /^\d{1,4}$/.test(word) ? Number(word) : NUMBER_WORDS[word] !== undefined && yearsFollow ? NUMBER_WORDS[word] : undefined;
    if (number !== undefined) {
      if (yearsFollow) {
        const unitAt = additionalBefore ? i + 2 : i + 1;
        const additional = additionalBefore || ADDITIONAL.has(tokens[i - 1] ?? '') || ADDITIONAL.has(tokens[unitAt + 1] ?? '');
        // Renewal years are all added to the term; a new license's additional years come after its first.
        if (verb === 'upgrade' || !setOnce('years', additional && verb === 'buy' ? number + 1 : number)) return undefined;
        i = unitAt;
        continue;
      }
      if (following !== undefined && SC_UNITS.has(following)) {
        if (verb === 'renew' || !setOnce('sc', number)) return undefined;
        i += following === 'simultaneous' && tokens[i + 2] === 'calls' ? 2 : 1;
        continue;
      }
      if (following !== undefined && QUANTITY_UNITS.has(following)) {
        if (verb !== 'buy' || !setOnce('quantity', number)) return undefined;
        i++;
        continue;
      }
      const bare = verb === 'renew' ? 'years' : verb === 'upgrade' ? 'sc' : out.edition === undefined && out.quantity === undefined ? 'quantity' : 'sc';
      if (!setOnce(bare, number)) return undefined;
      continue;
    }
    if (FILLERS.has(word) || (YEAR_UNITS.has(word) && verb !== 'upgrade')) continue;
    return undefined;
  }
  return out;
}

function intentOf(verb: 'renew' | 'upgrade' | 'buy', p: Parsed): Intent {
  const given = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  if (verb === 'renew') return given({ kind: p.maintenance ? 'renew_maintenance' : 'renew', key: p.key, years: p.years });
  if (verb === 'upgrade') return given({ kind: 'upgrade', key: p.key, edition: p.edition, sc: p.sc });
  return given({ kind: 'new_license', quantity: p.quantity, edition: p.edition, sc: p.sc, years: p.years });
}

/** What an English text states, if anything. */
export const understandEnglish: Grammar = (raw) => {
  const found = findKey(raw);
  const text = (found ? found.rest : raw).toLowerCase().replace(/[.!?]+$/, '').replace(/\s+/g, ' ').trim().replace(POLITE_START, '');
  const mentioned = found ? { strength: 'mentioned' as const, intent: { kind: 'open_key' as const, key: found.key } } : undefined;
  if (text === KEY_TOKEN) return mentioned;

  const approvalsChat = found ? undefined : APPROVALS_CHAT.find(([pattern]) => pattern.test(text));
  if (approvalsChat) return { strength: 'stated', intent: { kind: 'approvals_chat', here: approvalsChat[1] } };
  const orderNumber = found ? undefined : ORDER_NUMBER.exec(text)?.[1];
  if (orderNumber !== undefined) return { strength: 'stated', intent: { kind: 'open_order', number: Number(orderNumber) } };
  const destination = found ? undefined : destinationOf(text);
  if (destination) return { strength: 'stated', intent: { kind: 'go', to: destination } };

  const [first, ...rest] = words(text);
  const verb = first === undefined ? undefined : VERBS.find(([pattern]) => pattern.test(first))?.[1];
  if (!verb) return mentioned;
  // "buy" alone is the Buy menu; "new" alone, or "new license", starts a new license.
  if (verb === 'buy' && rest.length === 0 && first !== 'new') return { strength: 'stated', intent: { kind: 'go', to: 'buy' } };
  const parsed = parseRest(rest, verb, found?.key);
  if (!parsed) return mentioned;
  return { strength: 'stated', intent: intentOf(verb, parsed) };
};

/** The edition a word names ("pro", "Enterprise"), for a prompt that asks for one. */
export function editionNamedEnglish(text: string): Edition | undefined {
  return EDITION_WORDS[text.trim().toLowerCase()];
}
