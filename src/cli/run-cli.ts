import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../infra/log';

/**
 * Runs a command-line entry point: parses the configuration (a bad environment stops with
 * one message naming every bad variable), and turns an error into a message and exit code 1.
 */
export async function runCli(main: (config: Config, log: Logger) => Promise<void | number>): Promise<void> {
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
  const log = createLogger(config.log.level);
  try {
    const code = await main(config, log);
    process.exitCode = code ?? 0;
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    if (config.log.level === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
