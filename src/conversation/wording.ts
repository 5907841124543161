// The language the assistant speaks. Wording lives in one file per language under i18n/;
// to translate, copy i18n/en.ts, translate its strings, and choose it here.
import { en, type Wording } from './i18n/en';

export const t: Wording = en;
