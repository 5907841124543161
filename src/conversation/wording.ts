// The language the assistant speaks. Its words and grammar are put together in i18n/<lang>.ts
// from each flow's words; to translate, give every flow a <lang>.ts beside its en.ts, put them
// together the same way, and choose the result here.
import { en, type Wording } from './i18n/en';

export const t: Wording = en;
