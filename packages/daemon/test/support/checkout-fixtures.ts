import type { Region } from '@tillpoint/sdk/schemas';
import type { FastifyInstance } from 'fastify';
import { bearer } from './identity-fixtures.js';

/** Countries no other test in a suite uses, handed out one at a time so each region gets its own. */
const SPARE_COUNTRIES = [
  'AT',
  'BE',
  'CH',
  'CZ',
  'DK',
  'ES',
  'FI',
  'GR',
  'HU',
  'IE',
  'IT',
  'LU',
  'NL',
  'NO',
  'PL',
  'PT',
  'SE',
  'SK',
  'SI',
  'RO',
];
let nextSpare = 0;

/** A fresh region (admin), by default in EUR with one spare country. Fails the test on anything but 201. */
export async function createRegion(
  app: FastifyInstance,
  adminToken: string,
  overrides: Record<string, unknown> = {},
): Promise<Region> {
  const country = SPARE_COUNTRIES[nextSpare++ % SPARE_COUNTRIES.length];
  const response = await app.inject({
    method: 'POST',
    url: '/v1/regions',
    headers: bearer(adminToken),
    payload: { name: `Region ${country}`, countries: [country], currency: 'EUR', ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`createRegion: ${response.statusCode} ${response.body}`);
  return response.json() as Region;
}

/** The types of the events written about a subject, oldest first. */
export async function eventTypesOf(
  db: import('../../src/db/database-types.js').Database,
  subjectId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select('type')
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.type);
}
