import { z } from 'zod';
import { MAX_INPUT_LENGTH, type Input } from '../../conversation/input';
import type { Reply } from '../../conversation/reply';

/**
 * One input line of the JSONL console protocol. A text of any length is handed on: one longer
 * than a message may be is refused whole by the conversation, which shows the current step
 * again. A pressed id of any length up to a message's is handed on too: one longer than any
 * button's is simply not on the latest message, and the conversation says so with the current
 * step, as console-protocol.md asks.
 */
const inputLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('press'), id: z.string().min(1).max(MAX_INPUT_LENGTH) }),
]);

const EXPECTED = 'Send {"type":"text","text":"…"} or {"type":"press","id":"…"}.';

/** Reads one JSONL input line: the input, or what is wrong with the line (a blank line too: it is no JSON). */
export function parseInputLine(raw: string): { kind: 'ok'; input: Input } | { kind: 'invalid'; problem: string } {
  // A byte order mark, as some Windows tools put before what they write, is no part of the JSON.
  const line = raw.replace(/^\uFEFF/, '');
  if (line.trim() === '') return { kind: 'invalid', problem: `That line is empty. ${EXPECTED}` };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { kind: 'invalid', problem: `That line is not valid JSON. ${EXPECTED}` };
  }
  const parsed = inputLine.safeParse(json);
  if (!parsed.success) {
    return { kind: 'invalid', problem: `That line is not an input. ${EXPECTED}` };
  }
  return { kind: 'ok', input: parsed.data.type === 'text' ? { kind: 'text', text: parsed.data.text } : { kind: 'press', id: parsed.data.id } };
}

/** One output line for a reply. */
export function messageLine(reply: Reply): string {
  return JSON.stringify({
    type: 'message',
    text: reply.text,
    buttons: reply.buttons.map((row) => row.map((b) => ('url' in b ? { url: b.url, label: b.label } : { id: b.id, label: b.label }))),
    secret: reply.secret,
  });
}

export const READY_LINE = JSON.stringify({ type: 'ready' });
