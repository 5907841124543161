// What the catalogue steps share: their buttons, the guard that lets only an administrator act,
// and the way back to their menu.
import { flowButtons } from '../../buttons';
import { onlyFor } from '../../flow';
import { t } from '../../wording';
import { adminOf, refusal } from '../admin/steps';

export const CATALOGUE_VERBS = [
  'admin', 'home', 'levels', 'prices', 'coupons', 'broadcasts', 'export', 'import', 'yes', 'no', 'create', 'disable', 'report', 'one', 'new', 'history', 'all', 'recipients', 'next', 'prev',
] as const;
export const button = flowButtons('catalogue', CATALOGUE_VERBS);

/** A catalogue step acts for an administrator only; a staff user is told so (a reseller never gets here). */
export const { press: pressOnly, text: textOnly } = onlyFor((state) => adminOf(state) !== undefined, refusal);

export const toCatalogue = () => button('home', t.catalogue.back);
export const toAdminMenu = () => button('admin', t.admin.backToMenu);
