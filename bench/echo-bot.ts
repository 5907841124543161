// The yardstick of `npm run bench -- conversation`: a bare telegraf bot that answers every
// text with the same text, behind a webhook as the product is (its own process, node:http,
// the path /telegram/webhook, the secret token checked), so that the figures of the product
// can be read against what telegraf and the machine do with no product at all.
//   TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT, PUBLIC_URL, PORT: as for the product.
import { createServer } from 'node:http';
import { Telegraf } from 'telegraf';

const token = process.env.TELEGRAM_BOT_TOKEN ?? '';
const apiRoot = process.env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org';
const publicUrl = process.env.PUBLIC_URL ?? '';
const port = Number(process.env.PORT ?? 3000);

// The answer goes to the Bot API as the product's do, not into the webhook's response body.
const bot = new Telegraf(token, { telegram: { apiRoot, webhookReply: false } });
bot.on('text', (ctx) => ctx.reply(ctx.message.text));

const secret = 'echo-bot-webhook-secret';
const webhook = await bot.createWebhook({ domain: publicUrl, path: '/telegram/webhook', secret_token: secret });
const server = createServer((req, res) => void webhook(req, res));
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stderr.write(`echo bot: listening on port ${port}\n`));

const stop = () => {
  server.close(() => process.exit(0));
  // Keep-alive connections of the benchmark would hold close() up.
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
