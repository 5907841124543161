// The upgrade flow's words, in English.
import { editionName, type Edition } from '../../../domain/pricing/catalog';

export const upgradeWords = {
  askEdition: 'Upgrade to which edition?',
  askSc: (e: Edition) => `${editionName(e)}: how many simultaneous calls?`,
};
