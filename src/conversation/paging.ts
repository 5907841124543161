import type { Page } from '../domain/ports';
import { PAGE_SIZE } from './state';

/** A page of a list, or its last page when the list shrank since the page was shown. */
export async function pageWithin<T>(requested: number, load: (offset: number, limit: number) => Promise<Page<T>>): Promise<{ page: number; result: Page<T> }> {
  const page = Math.max(0, Math.floor(requested));
  const result = await load(page * PAGE_SIZE, PAGE_SIZE);
  if (result.items.length > 0 || page === 0) return { page, result };
  const last = Math.max(0, Math.ceil(result.total / PAGE_SIZE) - 1);
  return { page: last, result: await load(last * PAGE_SIZE, PAGE_SIZE) };
}

/** Previous and next buttons of a page of `total` items, made by `button(label, page)`. */
export function pagingButtons<B>(page: number, total: number, button: (label: 'previous' | 'next', page: number) => B): B[] {
  return [...(page > 0 ? [button('previous', page - 1)] : []), ...((page + 1) * PAGE_SIZE < total ? [button('next', page + 1)] : [])];
}
