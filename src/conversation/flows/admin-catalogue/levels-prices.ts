// Partner levels (listed with their discount and resellers; a change or a new level typed on one
// line and confirmed) and price lists (exported as CSV; imported from pasted lines with the day
// they take effect, shown as a difference and stored when confirmed).
import { compareDates, isLocalDate } from '../../../domain/pricing/dates';
import { navButton } from '../../buttons';
import { next, type AnswerHandlers, type StepDefs } from '../../flow';
import { say } from '../../reply';
import { t } from '../../wording';
import { button, pressOnly, textOnly, toCatalogue } from './common';
import { levelChangeOf, priceCsvOf } from './parse';
import type { CatalogueStep } from './types';

type Steps = 'cat_levels' | 'cat_level_confirm' | 'cat_prices' | 'cat_price_import' | 'cat_price_confirm';
const back = () => next.show({ name: 'cat_menu' });

export const levelsPricesSteps: StepDefs<Extract<CatalogueStep['name'], Steps>> = {
  cat_levels: {
    flow: 'catalogue',
    view: (step) => ({ text: t.catalogue.levels(step.levels), buttons: [[toCatalogue()]], secret: false }),
    press: pressOnly((verb) => (verb === 'home' ? back() : undefined)),
    text: textOnly((text, step) => {
      if (!text.trim()) return undefined;
      const parsed = levelChangeOf(text, step.levels.map((l) => l.code));
      if (parsed.kind !== 'ok') return next.again(say(t.catalogue.levelProblem[parsed.kind]));
      const { change } = parsed;
      const before = step.levels.find((l) => l.code === change.code) ?? null;
      // A change to what the level is already would be a confirmation that says nothing: said now.
      const same = before && (change.name === null || change.name === before.name) && (change.discountBp === null || change.discountBp === before.discountBp);
      if (same) return next.again(say(t.catalogue.levelRefused('nothing_to_change', change.code)));
      return next.show({ name: 'cat_level_confirm', change, before, levels: step.levels });
    }),
    expects: () => t.catalogue.expectLevel,
    ownsText: true,
    back,
  },
  cat_level_confirm: {
    flow: 'catalogue',
    view: (step) => ({ text: t.catalogue.confirmLevel(step.change, step.before), buttons: [[button('yes', t.catalogue.yes), button('no', t.catalogue.no)]], secret: false }),
    press: pressOnly((verb, _arg, step) => {
      if (verb === 'yes') return next.run({ kind: 'catalogue_level_set', change: step.change });
      if (verb === 'no') return next.show({ name: 'cat_levels', levels: step.levels }, { say: [say(t.catalogue.notDone)] });
      return undefined;
    }),
    expects: () => t.expectChoice,
    back: (step) => next.show({ name: 'cat_levels', levels: step.levels }),
  },
  cat_prices: {
    flow: 'catalogue',
    view: () => ({ text: t.catalogue.prices, buttons: [[button('export', t.catalogue.exportButton), button('import', t.catalogue.importButton)], [toCatalogue()]], secret: false }),
    press: pressOnly((verb) => {
      if (verb === 'export') return next.run({ kind: 'catalogue_price_export' });
      if (verb === 'import') return next.show({ name: 'cat_price_import', effective: null });
      if (verb === 'home') return back();
      return undefined;
    }),
    expects: () => t.expectChoice,
    back,
  },
  cat_price_import: {
    flow: 'catalogue',
    view: (step, _state, ctx) => ({ text: step.effective ? t.catalogue.askCsv(step.effective) : t.catalogue.askEffective(ctx.today), buttons: [[navButton('back', t.back), toCatalogue()]], secret: false }),
    press: pressOnly((verb) => (verb === 'home' ? back() : undefined)),
    text: textOnly((text, step, _state, ctx) => {
      if (step.effective === null) {
        const day = text.trim();
        if (!isLocalDate(day)) return undefined;
        if (compareDates(day, ctx.today) < 0) return next.again(say(t.catalogue.effectiveInPast(ctx.today)));
        return next.show({ name: 'cat_price_import', effective: day });
      }
      if (!text.trim()) return undefined;
      const { csv, added } = priceCsvOf(text);
      return next.run({ kind: 'catalogue_price_import', effective: step.effective, csv, added, apply: false });
    }),
    expects: (step) => (step.effective ? t.catalogue.expectCsv : t.catalogue.expectEffective),
    ownsText: true,
    back: (step) => (step.effective ? next.show({ name: 'cat_price_import', effective: null }) : next.show({ name: 'cat_prices' })),
  },
  cat_price_confirm: {
    flow: 'catalogue',
    view: (step) => ({ text: [...step.lines, t.catalogue.confirmPrices].join('\n'), buttons: [[button('yes', t.catalogue.yesApply), button('no', t.catalogue.no)]], secret: false }),
    press: pressOnly((verb, _arg, step) => {
      if (verb === 'yes') return next.run({ kind: 'catalogue_price_import', effective: step.effective, csv: step.csv, added: 0, apply: true });
      if (verb === 'no') return next.show({ name: 'cat_prices' }, { say: [say(t.catalogue.notDone)] });
      return undefined;
    }),
    // Corrected lines pasted instead of pressing: their difference is shown in place of this one (nothing stored).
    text: textOnly((text, step) => {
      if (!text.trim()) return undefined;
      const { csv, added } = priceCsvOf(text);
      return next.run({ kind: 'catalogue_price_import', effective: step.effective, csv, added, apply: false });
    }),
    expects: () => t.catalogue.expectApplyOrCsv,
    ownsText: true,
    back: (step) => next.show({ name: 'cat_price_import', effective: step.effective }),
  },
};

export const levelsPricesAnswers: AnswerHandlers<'catalogue_levels' | 'catalogue_level_saved' | 'catalogue_price_list' | 'catalogue_price_import'> = {
  catalogue_levels: (a) => next.show({ name: 'cat_levels', levels: a.levels }),
  // Saved or not (twice, or changed meanwhile by someone else), the list shows the levels as they are now.
  catalogue_level_saved: (a) => {
    const said = a.result.kind === 'level_saved' ? t.catalogue.levelSaved(a.result) : t.catalogue.levelRefused(a.result.kind, a.change.code);
    return next.show({ name: 'cat_levels', levels: a.levels }, { say: [say(said)] });
  },
  catalogue_price_list: (a) => next.show({ name: 'cat_prices' }, { say: [{ ...say(t.catalogue.exported(a.day, a.rows)), document: a.document }] }),
  catalogue_price_import: (a, _state, ctx) => {
    const r = a.result;
    switch (r.kind) {
      case 'preview': return next.show({ name: 'cat_price_confirm', effective: r.effective, csv: a.csv, lines: t.catalogue.diff(r.effective, r.diff, r.rows) });
      case 'applied': return next.show({ name: 'cat_prices' }, { say: [say(t.catalogue.pricesApplied(r.effective, r.diff.changed.length))] });
      case 'invalid_csv': return next.show({ name: 'cat_price_import', effective: a.effective }, { say: [say(t.catalogue.csvRefused(Math.max(1, r.line - a.added), r.problem))] });
      case 'invalid_date': return next.show({ name: 'cat_price_import', effective: null }, { say: [say(t.catalogue.importRefused(r.kind, ctx.today))] });
      case 'effective_in_past': return next.show({ name: 'cat_price_import', effective: null }, { say: [say(t.catalogue.importRefused(r.kind, r.today))] });
      default: {
        const never: never = r;
        throw new Error(`unknown price import result ${JSON.stringify(never)}`);
      }
    }
  },
};
