// How fast the product acknowledged each request the fake Slack sent, over a whole test run:
// every test file appends to one file, and global-setup prints the slowest when the run ends
// (Slack gives up on a request after 3 s). Figures only: nothing here fails a test.
import { appendFileSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    /** The file acknowledgement times (ms) are appended to, one per line. */
    slackAckLog: string;
  }
}

export function recordAck(elapsedMs: number): void {
  let file: string | undefined;
  try {
    file = inject('slackAckLog');
  } catch {
    return; // outside a vitest run (a benchmark): nothing to record
  }
  if (file) appendFileSync(file, `${elapsedMs}\n`);
}

/** The run's figures, for the report at its end; undefined when no request was sent. */
export function ackSummary(file: string): string | undefined {
  let times: number[];
  try {
    times = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number).sort((a, b) => a - b);
  } catch {
    return undefined;
  }
  if (times.length === 0) return undefined;
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return `Slack requests acknowledged: ${times.length}; median ${at(0.5)} ms, 99th percentile ${at(0.99)} ms, slowest ${times[times.length - 1]} ms (Slack waits 3000 ms)`;
}
