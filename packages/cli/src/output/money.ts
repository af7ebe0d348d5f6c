/** Money formatting is shared with the daemon's emails: it lives with the money schemas. */
export { formatMoney, minorUnitDigits } from '@tillpoint/sdk/schemas';
