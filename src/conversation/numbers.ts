import { next, type Next } from './flow';
import { say } from './reply';
import { t } from './wording';

/** The whole number a text is (digits only, at most four), when it lies within `min`–`max`. */
export function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/**
 * A number typed at a step that asks for one from `min` to `max`: `then` with it when it is in
 * range. A number out of range was understood, so it is refused as such ("51 is more than 50"),
 * not answered "did not understand"; any other text is not the step's (`undefined`).
 */
export function typedNumber(text: string, min: number, max: number, then: (n: number) => Next): Next | undefined {
  const trimmed = text.trim();
  const n = wholeNumber(trimmed, min, max);
  if (n !== undefined) return then(n);
  return /^\d{1,4}$/.test(trimmed) ? next.again(say(t.numberOutOfRange(Number(trimmed), min, max))) : undefined;
}
