// An upgrade: after the key (license-key flow), the target edition and SC that are allowed
// for that license, then the prorated quote. "upgrade KEY to enterprise 32" fills both in.
import { mayDo } from '../../session';
import { isTierOf, type Edition } from '../../../domain/pricing/catalog';
import type { License } from '../../../domain/pricing/license';
import { upgradeTargets } from '../../../domain/pricing/upgrade-paths';
import { flowButtons, navButton, rows } from '../../buttons';
import { next, type Flow, type Next, type StepContext } from '../../flow';
import { wholeNumber } from '../../numbers';
import { say } from '../../reply';
import { t } from '../../wording';
import type { KeyPrefill } from '../license-key/steps';

export type UpgradeStep = { name: 'upgrade_edition'; license: License } | { name: 'upgrade_sc'; license: License; edition: Edition };

const button = flowButtons('upgrade', ['edition', 'sc'] as const);
const nav = () => [navButton('back', t.back), navButton('cancel', t.cancel)];

const quote = (license: License, edition: Edition, sc: number): Next =>
  next.run({ kind: 'quote', request: { kind: 'upgrade', licenseId: license.id, licenseKey: license.key, toEdition: edition, toSc: sc } });

/** The SCs the license may go to in `edition` (none when that edition is no upgrade). */
const allowedScs = (license: License, edition: Edition) => upgradeTargets(license).find((x) => x.edition === edition)?.scs ?? [];

/**
 * A verified license on its way to an upgrade, with what the user already chose: the quote
 * when edition and SC are both allowed; otherwise the first choice still open, saying why a
 * given one was refused. An SC alone keeps the license's edition.
 */
export function upgradeFromVerified(license: License, prefill: KeyPrefill, _ctx?: StepContext): Next {
  const edition = prefill.edition ?? (prefill.sc !== undefined ? license.edition : undefined);
  if (!edition) return next.show({ name: 'upgrade_edition', license });
  const refusal = (kind: 'invalid_tier' | 'not_allowed_upgrade') => [say(t.keyRefused({ kind }, license))];
  const scs = allowedScs(license, edition);
  if (prefill.sc === undefined) {
    return scs.length > 0 ? next.show({ name: 'upgrade_sc', license, edition }) : next.show({ name: 'upgrade_edition', license }, { say: refusal('not_allowed_upgrade') });
  }
  if (scs.includes(prefill.sc)) return quote(license, edition, prefill.sc);
  const why = isTierOf(edition, prefill.sc) ? refusal('not_allowed_upgrade') : refusal('invalid_tier');
  return scs.length > 0 ? next.show({ name: 'upgrade_sc', license, edition }, { say: why }) : next.show({ name: 'upgrade_edition', license }, { say: why });
}

export const upgradeFlow: Flow<UpgradeStep['name'], never, 'upgrade'> = {
  steps: {
    upgrade_edition: {
      flow: 'upgrade',
      view: (step, _state, ctx) => ({
        text: `${t.licenseDetails(step.license, ctx.today)}\n\n${t.upgrade.askEdition}`,
        buttons: [upgradeTargets(step.license).map((target) => button('edition', t.edition(target.edition), target.edition)), nav()],
        secret: false,
      }),
      press: (verb, arg, step) => {
        const target = verb === 'edition' ? upgradeTargets(step.license).find((x) => x.edition === arg) : undefined;
        return target ? next.show({ name: 'upgrade_sc', license: step.license, edition: target.edition }) : undefined;
      },
      expects: () => t.expectChoice,
      back: () => next.show({ name: 'key_entry', purpose: 'upgrade', offers: [] }),
    },
    upgrade_sc: {
      flow: 'upgrade',
      view: (step) => ({
        text: t.upgrade.askSc(step.edition),
        buttons: [...rows(allowedScs(step.license, step.edition).map((sc) => button('sc', t.sc(sc), sc)), 4), nav()],
        secret: false,
      }),
      press: (verb, arg, step) => {
        const sc = Number(arg);
        return verb === 'sc' && allowedScs(step.license, step.edition).includes(sc) ? quote(step.license, step.edition, sc) : undefined;
      },
      text: (text, step) => {
        const sc = wholeNumber(text.trim().replace(/\s*sc$/i, ''), 1, Number.MAX_SAFE_INTEGER);
        if (sc === undefined) return undefined;
        if (allowedScs(step.license, step.edition).includes(sc)) return quote(step.license, step.edition, sc);
        // A number of calls was understood: said why it is refused, as when it is given with the key.
        return next.again(say(t.keyRefused({ kind: isTierOf(step.edition, sc) ? 'not_allowed_upgrade' : 'invalid_tier' }, step.license)));
      },
      expects: () => t.expectChoice,
      back: (step) => next.show({ name: 'upgrade_edition', license: step.license }),
    },
  },
  answers: {},
  intents: {
    upgrade: (intent, state) => {
      if (!mayDo(state, 'fill_cart')) return next.refuse('fill_cart');
      const prefill: KeyPrefill = { ...(intent.edition ? { edition: intent.edition } : {}), ...(intent.sc !== undefined ? { sc: intent.sc } : {}) };
      if (!intent.key) return next.show({ name: 'key_entry', purpose: 'upgrade', offers: [], prefill });
      return next.run({ kind: 'verify', key: intent.key, purpose: 'upgrade', prefill });
    },
  },
};
