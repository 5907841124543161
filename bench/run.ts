// `npm run bench -- <name> [options]`: runs one benchmark and prints its figures.
import { conversationBenchmark } from './conversation';
import { instancesBenchmark } from './instances';
import { paymentsBenchmark } from './payments';
import { remindersBenchmark } from './reminders';
import { Interrupted, UsageError } from './support';

interface Benchmark {
  summary: string;
  usage: string;
  run(args: string[]): Promise<void>;
}

const BENCHMARKS: Record<string, Benchmark> = {
  conversation: conversationBenchmark,
  instances: instancesBenchmark,
  payments: paymentsBenchmark,
  reminders: remindersBenchmark,
};

function list(): string {
  return [
    'Usage: npm run bench -- <benchmark> [options]',
    '',
    'Benchmarks:',
    ...Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(14)}${b.summary}\n${b.usage.replace(/^/gm, '      ')}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${list()}\n`);
    return name === undefined ? 2 : 0;
  }
  const benchmark = BENCHMARKS[name];
  if (!benchmark) {
    process.stderr.write(`Unknown benchmark "${name}".\n\n${list()}\n`);
    return 2;
  }
  try {
    await benchmark.run(args);
    // A benchmark that found violations (not slowness) says so with a non-zero exit code.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      process.stderr.write('interrupted; cleaned up.\n');
      return 130;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${name}: ${benchmark.usage}\n`);
      return 2;
    }
    process.stderr.write(`bench ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
// Anything still holding the event loop (a socket closing late) must not keep the run alive.
setTimeout(() => process.exit(), 2_000).unref();
