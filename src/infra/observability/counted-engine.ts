import type { ConversationEngine } from '../../conversation/engine';
import type { Metrics } from '../../domain/metrics';

/**
 * The conversation engine with every update counted and timed by channel (the bots and the
 * console call it as they call the engine). A failure is counted and passed on.
 */
export function countedEngine(engine: ConversationEngine, metrics: Metrics): ConversationEngine {
  const timed = async <T>(channel: string, work: () => Promise<T>, duplicate: (result: T) => boolean): Promise<T> => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await work();
      metrics.updateHandled(channel, duplicate(result) ? 'duplicate' : 'ok', seconds());
      return result;
    } catch (error) {
      metrics.updateHandled(channel, 'error', seconds());
      throw error;
    }
  };
  return {
    handle: (key, input, inputId) => timed(key.channel, () => engine.handle(key, input, inputId), () => false),
    handleInput: (key, input, options) => timed(key.channel, () => engine.handleInput(key, input, options), (handled) => handled.duplicate),
    resume: (key) => engine.resume(key),
    home: (key) => engine.home(key),
  };
}
