import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ConversationEngine, ConversationKey } from '../../conversation/engine';
import { say } from '../../conversation/reply';
import { messageLine, parseInputLine, READY_LINE } from './protocol';

/**
 * The console's line mode: one JSON object per line in and out, nothing else on stdout.
 * Every input line is handled completely, then `{"type":"ready"}` is printed, and only
 * then is the next line read. End of input ends the session.
 */
export async function runJsonlConsole(engine: ConversationEngine, key: ConversationKey, io: { input: Readable; output: Writable }): Promise<void> {
  const write = (line: string) => new Promise<void>((resolve, reject) => io.output.write(line + '\n', (error) => (error ? reject(error) : resolve())));
  for (const reply of await engine.resume(key)) await write(messageLine(reply));
  await write(READY_LINE);
  const lines = createInterface({ input: io.input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') {
      await write(READY_LINE);
      continue;
    }
    const parsed = parseInputLine(line);
    const replies = parsed.kind === 'ok' ? await engine.handle(key, parsed.input) : [say(parsed.problem)];
    for (const reply of replies) await write(messageLine(reply));
    await write(READY_LINE);
  }
}
