// Files sent with a console message (an invoice PDF, a statement) are written to a folder and
// the message says where: a terminal cannot show them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reply, ReplyDocument } from '../../conversation/reply';

/** Writes a message's file, answering the path it was written to. */
export type SaveDocument = (document: ReplyDocument) => Promise<string>;

/** Saves files into `folder` (created when needed), each under a name of its own. */
export function documentsFolder(folder: string): SaveDocument {
  let n = 0;
  return async (document) => {
    await mkdir(folder, { recursive: true });
    const safe = document.filename.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'document';
    const file = path.resolve(folder, `${process.pid}-${Date.now()}-${++n}-${safe}`);
    await writeFile(file, document.content);
    return file;
  };
}

/** The reply as a console prints it: a file it carries is saved and its path added to the text. */
export async function withSavedDocument(reply: Reply, save: SaveDocument | undefined, savedAs: (file: string) => string): Promise<Reply> {
  if (!reply.document) return reply;
  const { document, ...rest } = reply;
  if (!save) return { ...rest, text: `${rest.text}\n${savedAs(`(${document.filename}: no folder to save it in)`)}` };
  return { ...rest, text: `${rest.text}\n${savedAs(await save(document))}` };
}
