import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../infra/log';
import { processShutdown, type ProcessShutdown } from '../infra/shutdown';

/**
 * Runs a command-line entry point: parses the configuration (a bad environment stops with
 * one message naming every bad variable), and turns an error into a message and exit code 1.
 * SIGTERM and SIGINT resolve `shutdown.signalled` (a long-running command then closes in
 * order); whatever it does, the process exits within SHUTDOWN_LIMIT_MS of the signal.
 */
export async function runCli(main: (config: Config, log: Logger, shutdown: ProcessShutdown) => Promise<void | number>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.log.level, { format: config.log.format, secrets: config.secrets });
  const shutdown = processShutdown(log);
  try {
    const code = await main(config, log, shutdown);
    process.exitCode = code ?? 0;
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    if (config.log.level === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
  // After a signal everything was closed that could be: a connection still retrying (a
  // server that is down) must not keep the process alive.
  if (shutdown.signal !== undefined) process.exit();
  shutdown.dispose();
}
