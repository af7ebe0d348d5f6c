import type { Migration } from '../migration-types.js';
import { migration0001Settings } from './0001-settings.js';
import { migration0002Identity } from './0002-identity.js';
import { migration0003Commerce } from './0003-commerce.js';
import { migration0004Jobs } from './0004-jobs.js';
import { migration0005JobsPlatform } from './0005-jobs-platform.js';
import { migration0006AuditLog } from './0006-audit-log.js';
import { migration0007CatalogVariants } from './0007-catalog-variants.js';
import { migration0008BlobStore } from './0008-blob-store.js';
import { migration0009ProductMedia } from './0009-product-media.js';
import { migration0010CheckoutAdmin } from './0010-checkout-admin.js';
import { migration0011Carts } from './0011-carts.js';
import { migration0012AddressBook } from './0012-address-book.js';
import { migration0013RefundBreakdown } from './0013-refund-breakdown.js';
import { migration0014EmailVerification } from './0014-email-verification.js';
import { migration0015JobsReadyIndex } from './0015-jobs-ready-index.js';
import { migration0016JobsFinishedIndex } from './0016-jobs-finished-index.js';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001Settings,
  migration0002Identity,
  migration0003Commerce,
  migration0004Jobs,
  migration0005JobsPlatform,
  migration0006AuditLog,
  migration0007CatalogVariants,
  migration0008BlobStore,
  migration0009ProductMedia,
  migration0010CheckoutAdmin,
  migration0011Carts,
  migration0012AddressBook,
  migration0013RefundBreakdown,
  migration0014EmailVerification,
  migration0015JobsReadyIndex,
  migration0016JobsFinishedIndex,
];
