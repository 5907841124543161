import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ConversationEngine, ConversationKey } from '../../conversation/engine';
import { say, type Reply } from '../../conversation/reply';
import { t } from '../../conversation/wording';
import { withSavedDocument, type SaveDocument } from './documents';
import { messageLine, parseInputLine, READY_LINE } from './protocol';

/**
 * The console's line mode: one JSON object per line in and out, nothing else on stdout.
 * Every input line is handled completely, then `{"type":"ready"}` is printed, and only
 * then is the next line read. End of input ends the session; so does the reader of the
 * output going away (a closed pipe: EPIPE), quietly, with no further input read.
 */
export async function runJsonlConsole(engine: ConversationEngine, key: ConversationKey, io: { input: Readable; output: Writable; notifications?: NotificationFeed; documents?: SaveDocument }): Promise<void> {
  const session: Session = { gone: false, lines: undefined };
  const readerGone = () => {
    session.gone = true;
    session.lines?.close();
  };
  io.output.on('error', readerGone);
  const writeLine = (line: string) =>
    new Promise<void>((resolve) => {
      if (session.gone) return resolve();
      io.output.write(line + '\n', (error) => {
        if (error) readerGone();
        resolve();
      });
    });
  const write = async (reply: Reply | 'ready') => writeLine(reply === 'ready' ? READY_LINE : messageLine(await withSavedDocument(reply, io.documents, t.savedAs)));
  // Notifications (a payment received, a reminder) print whenever they arrive, between ready lines.
  const detach = io.notifications?.attach(key.chatId, (replies) => {
    for (const reply of replies) void write(reply);
  });
  try {
    await converse(engine, key, io, write, session);
  } finally {
    detach?.();
    io.output.off('error', readerGone);
  }
}

/** Whether the output's reader has gone, and the input's lines (closed when it has). */
interface Session {
  gone: boolean;
  lines: Interface | undefined;
}

/** Where a console session hears of notifications for its chat. */
export interface NotificationFeed {
  attach(chatId: string, print: (replies: Reply[]) => void): () => void;
}

async function converse(engine: ConversationEngine, key: ConversationKey, io: { input: Readable }, write: (reply: Reply | 'ready') => Promise<void>, session: Session): Promise<void> {
  for (const reply of await engine.resume(key)) await write(reply);
  await write('ready');
  if (session.gone) return;
  const lines = createInterface({ input: io.input, crlfDelay: Infinity });
  session.lines = lines;
  for await (const line of lines) {
    const parsed = parseInputLine(line);
    const replies = parsed.kind === 'ok' ? await engine.handle(key, parsed.input) : [say(parsed.problem)];
    for (const reply of replies) await write(reply);
    await write('ready');
    if (session.gone) break;
  }
}
