// The JSONL console as console-protocol.md gives it to scripts: `npm run chat -- --jsonl` as a
// child process on the demo data (today 2026-11-26), its stdout read line by line. Every line
// there is one JSON object (npm's own "> script" banner included: there is none), and the
// worked examples of pricing.md come out to the cent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStore } from '../../support/demo-store';
import { jsonlChild, run, type RunningProcess } from '../../support/process-driver';

type Demo = Awaited<ReturnType<typeof demoStore>>;

describe('npm run chat -- --jsonl, as console-protocol.md spells the command', () => {
  let demo: Demo;
  let chatProcess: RunningProcess;
  let chat: ReturnType<typeof jsonlChild>;

  beforeAll(async () => {
    demo = await demoStore('2026-11-26');
    chatProcess = run('npm', ['run', 'chat', '--', '--jsonl'], { DATABASE_URL: demo.url, APP_TODAY: '2026-11-26', LOG_LEVEL: 'warn' });
    chat = jsonlChild(chatProcess);
    await chat.ready();
  }, 120_000);

  afterAll(async () => {
    if (!chatProcess.done) chatProcess.child.kill('SIGKILL');
    await demo.drop();
  });

  it('prints only JSON objects on stdout, from the first line on', () => {
    expect(chatProcess.stdout.length).toBeGreaterThan(0);
    for (const line of chatProcess.stdout) expect(() => JSON.parse(line) as unknown, `stdout line ${JSON.stringify(line)}`).not.toThrow();
    expect(JSON.parse(chatProcess.stdout[0] as string)).toMatchObject({ type: 'message' });
  });

  it("pricing.md's worked examples: a new license, an upgrade, and both with a 10 % coupon", { timeout: 60_000 }, async () => {
    await chat.send('demo');
    expect(chat.text(await chat.send('demo-pass-1'))).toContain('Welcome, Dana Demo');

    await chat.press('Buy');
    await chat.press('New license');
    await chat.press('Professional');
    await chat.press('16 SC');
    await chat.press('2');
    await chat.press('2'); // two years in total: one additional
    const newLicense = chat.text(await chat.press('Skip'));
    expect(newLicense).toContain('List price: EUR 2,380.00');
    expect(newLicense).toContain('2028-11-26');
    await chat.press('Add to cart');

    await chat.send('/menu');
    await chat.press('Buy');
    await chat.press('Upgrade');
    await chat.send('H3LT-9W2E-6RQ1-PK7V');
    await chat.press('Professional');
    const upgrade = chat.text(await chat.press('32 SC'));
    expect(upgrade).toContain('200 days');
    expect(upgrade).toContain('List price: EUR 328.77');
    expect(upgrade).toContain('2027-06-14');
    await chat.press('Add to cart');

    const cart = chat.text(await chat.send('/cart'));
    expect(cart).toContain('after partner discount EUR 1,785.00');
    expect(cart).toContain('after partner discount EUR 246.58');
    await chat.press('Proceed to checkout');
    const summary = chat.text(await chat.send('WELCOME10'));
    expect(summary).toContain('Subtotal: EUR 2,031.58');
    expect(summary).toContain('Coupon WELCOME10: −EUR 203.16');
    expect(summary).toContain('VAT (21 %): EUR 383.97');
    expect(summary).toContain('Total: EUR 2,212.39');
    const placed = chat.text(await chat.press('Bank transfer (offline)'));
    expect(placed).toContain('Please transfer EUR 2,212.39');
    for (const line of chatProcess.stdout) expect(() => JSON.parse(line) as unknown, `stdout line ${JSON.stringify(line)}`).not.toThrow();
  });

  it('end of input ends the program with exit code 0', async () => {
    chatProcess.child.stdin!.end();
    expect(await chatProcess.exited).toEqual({ code: 0, signal: null });
  });
});
