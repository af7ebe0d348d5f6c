import type { Migration } from '../migration-types.js';
import { migration0001Settings } from './0001-settings.js';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration0001Settings];
