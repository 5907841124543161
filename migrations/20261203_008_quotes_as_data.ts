import type { Knex } from 'knex';

// A cart line's quote is data that the conversation words: it no longer carries an English
// `description`, but the key it acts on and, for an upgrade, the size it starts from. Lines
// already in carts get them from their request and license.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`update cart_lines set quote = quote || jsonb_build_object('licenseKey', request->>'licenseKey')
    where request->'licenseKey' is not null and quote->'licenseKey' is null`);
  await knex.raw(`update cart_lines c set quote = c.quote || jsonb_build_object('fromEdition', l.edition, 'fromSc', l.sc)
    from licenses l where c.kind = 'upgrade' and l.id = c.license_id and c.quote->'fromEdition' is null`);
  await knex.raw(`update cart_lines set quote = quote - 'description' where quote->'description' is not null`);
}

// (`?` is knex's placeholder, so the SQL asks `->` instead of jsonb's `?` operator.)
// The English descriptions again, as the earlier code wrote them.
export async function down(knex: Knex): Promise<void> {
  const plural = (n: string, word: string) => `(${n})::text || ' ${word}' || case when (${n})::int = 1 then '' else 's' end`;
  const size = (edition: string, sc: string) => `initcap(${edition}) || ' ' || (${sc}) || ' SC'`;
  const target = size(`quote->>'edition'`, `quote->>'sc'`);
  await knex.raw(`update cart_lines set quote = quote || jsonb_build_object('description', case kind
      when 'new_license' then ${target} || ', ' || ${plural(`quote->>'quantity'`, 'license')} || ', ' || ${plural(`quote->>'years'`, 'year')}
      when 'upgrade' then 'Upgrade ' || (quote->>'licenseKey') || ': ' || ${size(`quote->>'fromEdition'`, `quote->>'fromSc'`)} || ' to ' || ${target} || ', ' || ${plural(`quote->>'remainingDays'`, 'day')} || ' remaining'
      when 'renew_annual' then 'Renew ' || (quote->>'licenseKey') || ': ' || ${target} || ', ' || ${plural(`quote->>'years'`, 'year')}
      else 'Renew maintenance ' || (quote->>'licenseKey') || ': ' || ${target} || ', ' || ${plural(`quote->>'years'`, 'year')}
    end) where quote->'description' is null`);
}
