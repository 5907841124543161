// CPU time spent by processes, read from Linux's /proc: what an update costs the product, its
// PostgreSQL backends and the echo bot. Unlike updates per second, CPU time per update hardly
// moves when other work shares the cores (each process is charged only for its own time), so
// it compares runs made under different load.
import { readdirSync, readFileSync } from 'node:fs';
import { withClient } from './product-setup';

/** clock ticks a second: 100 on every Linux that Node.js runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses); undefined when it is gone or /proc is not there. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of one process, in seconds. */
function processSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** `root` and every process below it (npm start: npm, then node): each process's parent read once. */
function processTree(root: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = Number(statFields(pid)?.[1]);
    if (Number.isInteger(parent)) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU seconds of a set of processes, per process, so that a later reading can be taken apart. */
export type CpuReading = Map<number, number>;

function read(pids: number[]): CpuReading {
  const reading: CpuReading = new Map();
  for (const pid of pids) {
    const seconds = processSeconds(pid);
    if (seconds !== undefined) reading.set(pid, seconds);
  }
  return reading;
}

/**
 * The CPU seconds used between two readings: processes in both count their difference, those
 * that appeared meanwhile all their time (processes gone meanwhile are lost: said as a lower bound).
 */
export function cpuBetween(before: CpuReading, after: CpuReading): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** A process tree's CPU, read now. */
export function treeCpu(root: number | undefined): CpuReading {
  return root === undefined ? new Map() : read(processTree(root));
}

/** The CPU of the PostgreSQL backends serving one database (on this machine only: a server elsewhere reads as nothing). */
export async function databaseBackendsCpu(adminUrl: string, database: string): Promise<CpuReading> {
  const pids = await withClient(adminUrl, async (client) =>
    (await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database])).rows.map((r) => r.pid));
  return read(pids);
}

/** Whether this machine's /proc can be read (Linux); elsewhere the CPU figures are left out. */
export function cpuReadable(): boolean {
  return processSeconds(process.pid) !== undefined;
}
