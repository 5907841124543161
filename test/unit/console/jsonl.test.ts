// The console's line mode when whoever reads its output goes away (a script that stops
// reading, `| head -1`): the session ends quietly, as at the end of input, instead of an
// unhandled EPIPE that killed the process and left an embedded PostgreSQL running.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runJsonlConsole } from '../../../src/bots/console/jsonl';
import type { ConversationEngine } from '../../../src/conversation/engine';
import type { Input } from '../../../src/conversation/input';
import type { Reply } from '../../../src/conversation/reply';

const prompt: Reply = { text: 'What is your username?', buttons: [], secret: false };

/** An output whose reader has gone after `keep` writes: later writes fail with EPIPE, as a closed pipe's do. */
function closingOutput(keep: number): { output: Writable; lines: string[] } {
  const lines: string[] = [];
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (lines.length >= keep) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }));
        return;
      }
      lines.push(String(chunk));
      done();
    },
  });
  return { output, lines };
}

describe('the JSONL console', () => {
  it('ends the session, without throwing, when its output is closed by the reader, and reads no further input', async () => {
    const inputs: Input[] = [];
    const engine = {
      resume: async () => [prompt],
      handle: async (_key: unknown, input: Input) => {
        inputs.push(input);
        return [prompt];
      },
    } as unknown as ConversationEngine;
    const input = new PassThrough();
    const { output, lines } = closingOutput(2);
    const finished = runJsonlConsole(engine, { channel: 'console', chatId: 'c', userId: 'u' }, { input, output });
    input.write('{"type":"text","text":"demo"}\n');
    // The input stays open: only the output's end may end the session.
    await expect(finished).resolves.toBeUndefined();
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([{ type: 'message', text: 'What is your username?', buttons: [], secret: false }, { type: 'ready' }]);
    input.write('{"type":"text","text":"more"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(inputs.length).toBeLessThanOrEqual(1);
  });
});
