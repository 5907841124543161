// What a simulated reseller does in the chat: logs in, then, over and over, opens the menu,
// pages through its licenses, looks at the dashboard, puts a new license in the cart by typing
// what it wants, makes a quote for its customer (a PDF) and empties the cart. The statements
// count walks the whole round of the session instead (logging in and out each time).
// Each step names what the product's last message of its answer says (the wording of
// src/conversation), so that the step is over when that message arrived at the fake Bot API.
import type { Arrival } from './fake-bot-api';
import type { Answered, TelegramChat } from './telegram-chat';

export interface Step {
  /** How the step is named in per-step figures. */
  name: string;
  /** The update: a text, or a press of the button with that label on the newest keyboard. */
  send: { text: string } | { press: string };
  /** The last message of a complete answer. */
  answer: RegExp;
  /** A login (the password step): its latencies are also counted apart. */
  login?: boolean;
}

/** The password of every bench user (the demo user's, whose hash they share). */
export const BENCH_PASSWORD = 'demo-pass-1';

const MENU = /^Main menu\. What would you like to do\?/;
const USERNAME = /^What is your username\?/;

/** One round of a reseller's chat, starting at the username prompt and ending there again. */
export function resellerRound(username: string): Step[] {
  return [
    { name: 'username', send: { text: username }, answer: /^Your password\?/ },
    { name: 'password (login)', send: { text: BENCH_PASSWORD }, answer: MENU, login: true },
    { name: '/menu', send: { text: '/menu' }, answer: MENU },
    { name: 'My licenses', send: { press: 'My licenses' }, answer: /^Your licenses \(1–/ },
    { name: 'licenses: Next ›', send: { press: 'Next ›' }, answer: /^Your licenses \((?!1–)/ },
    { name: '/menu', send: { text: '/menu' }, answer: MENU },
    { name: 'Dashboard', send: { press: 'Dashboard' }, answer: /^Dashboard/ },
    { name: 'typed "buy 1 professional 8 sc for 1 year"', send: { text: 'buy 1 professional 8 sc for 1 year' }, answer: /^Which end customer/ },
    { name: 'end customer: Skip', send: { press: 'Skip' }, answer: /^Professional 8 SC, 1 license, 1 year/ },
    { name: 'Add to cart', send: { press: 'Add to cart' }, answer: /^Added to your cart/ },
    { name: '/cart', send: { text: '/cart' }, answer: /^Your cart:/ },
    { name: 'Quote for my customer', send: { press: 'Quote for my customer' }, answer: /^Which company is the quote for\?/ },
    { name: 'quote: company', send: { text: 'Harbor Dental, Dr. Hart' }, answer: /^Your prices:/ },
    { name: 'quote: List + 10 % (PDF)', send: { press: 'List + 10 %' }, answer: /^Your cart:/ },
    { name: 'Empty cart', send: { press: 'Empty cart' }, answer: /^Your cart is empty\./ },
    { name: '/menu', send: { text: '/menu' }, answer: MENU },
    { name: 'Log out', send: { press: 'Log out' }, answer: USERNAME },
  ];
}

/** A session's login, from the username prompt: the username, then the password. */
export function loginSteps(username: string): Step[] {
  return resellerRound(username).slice(0, 2);
}

/**
 * What a logged-in reseller does over and over (the round without logging in and out),
 * starting at the main menu: /menu … Empty cart, then /menu again.
 */
export function sessionRound(username: string): Step[] {
  return resellerRound(username).slice(2, -2);
}

/** The first update of a new chat, answered with the username prompt. */
export const START: Step = { name: '/start', send: { text: '/start' }, answer: USERNAME };

/** Whether an answer's arrivals end with the step's expected message. */
export function completes(step: Step): (arrivals: Arrival[]) => boolean {
  return (arrivals) => arrivals.some((a) => step.answer.test(a.message.text) && (step.answer !== MENU || a.message.buttons.length > 0));
}

/** Sends one step's update and waits for its answer (or gives up after `timeoutMs`). */
export function sendStep(chat: TelegramChat, step: Step, timeoutMs: number): Promise<Answered> {
  const complete = completes(step);
  return 'text' in step.send ? chat.text(step.send.text, complete, timeoutMs) : chat.press(step.send.press, complete, timeoutMs);
}

/**
 * Where to go on after an answer that was not the expected one ("something went wrong", no
 * answer, another step): /menu, then the main menu's step when logged in, or the username
 * step when the session is gone. Answers the index in `round`, 'username' or 'password' when
 * the chat asks for one that `round` does not have, or undefined when lost.
 */
export async function recover(chat: TelegramChat, round: Step[], timeoutMs: number): Promise<{ at: number | 'username' | 'password' | undefined; answered: Answered }> {
  const answered = await chat.text('/menu', (arrivals) => arrivals.some((a) => (MENU.test(a.message.text) && a.message.buttons.length > 0) || USERNAME.test(a.message.text) || /^Your password\?/.test(a.message.text)), timeoutMs);
  const last = answered.arrivals.at(-1)?.message.text ?? '';
  const named = (name: string, otherwise: 'username' | 'password') => {
    const i = round.findIndex((s) => s.name === name);
    return i >= 0 ? i : otherwise;
  };
  if (MENU.test(last)) return { at: (round.findIndex((s) => s.name === '/menu') + 1) % round.length, answered };
  if (USERNAME.test(last)) return { at: named('username', 'username'), answered };
  if (/^Your password\?/.test(last)) return { at: named('password (login)', 'password'), answered };
  return { at: undefined, answered };
}
