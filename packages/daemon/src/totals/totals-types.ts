/**
 * The types of the totals engine: what callers (carts, completion, refunds, emails) pass in and get back. Every
 * amount is an integer in minor units of the cart's currency (cents for USD, yen for JPY, fils for KWD) and every
 * rate is an integer in basis points (1 bp = 0.01 %, so 2000 = 20 %). See docs/checkout.md, "Totals rules".
 */

/** Whether a discount takes a percentage (`value` in basis points, 0–10000) or a fixed amount (`value` in minor units). */
export type DiscountKind = 'percentage' | 'fixed';

/** What a discount applies to. */
export type DiscountTarget = 'subtotal' | 'lines' | 'shipping';

/** One line of a cart or order as the engine sees it. */
export interface TotalsLineInput {
  /** The caller's ID of the line (cart line or order line); unique within one input. */
  readonly id: string;
  /**
   * Price of one unit in minor units, as listed in the region: with tax when `pricesIncludeTax`, without it
   * otherwise. 0 to MAX_AMOUNT.
   */
  readonly unitPrice: number;
  /** Units, a positive integer. `unitPrice × quantity` must not exceed MAX_AMOUNT. */
  readonly quantity: number;
  /**
   * The line's tax rate in basis points, 0 to MAX_TAX_RATE, chosen by the caller: the region's rate for the variant's
   * tax category, or the region's default rate when the variant has no category. 0 means untaxed.
   */
  readonly taxRate: number;
}

/** The shipping the cart pays for; the caller prices the shipping method. */
export interface TotalsShippingInput {
  /** Price of the shipping method in minor units, with or without tax as the region's prices are. */
  readonly amount: number;
  /** Tax rate on shipping in basis points (the region's shipping tax rate); 0 when shipping is not taxed. */
  readonly taxRate: number;
}

interface DiscountEffectBase {
  /** The promotion this effect comes from, echoed in the answer (several effects may share one ID). */
  readonly id: string;
  readonly kind: DiscountKind;
  /** Basis points (0–10000) for `percentage`; minor units (0 to MAX_AMOUNT) for `fixed`. */
  readonly value: number;
}

/** A discount on the whole order subtotal (all lines, not shipping), spread over the lines in proportion. */
export interface SubtotalDiscountEffect extends DiscountEffectBase {
  readonly target: 'subtotal';
}

/**
 * A discount on some lines (the caller resolves the promotion's variants, products or collections into line IDs). A
 * fixed amount is one amount for all the listed lines together, spread over them in proportion.
 */
export interface LinesDiscountEffect extends DiscountEffectBase {
  readonly target: 'lines';
  /** IDs of lines in the same input; unknown IDs are an error, duplicates count once. */
  readonly lineIds: readonly string[];
}

/** A discount on shipping; free shipping is `{ kind: 'percentage', value: 10000 }`. */
export interface ShippingDiscountEffect extends DiscountEffectBase {
  readonly target: 'shipping';
}

/**
 * The effect of one eligible promotion. The caller decides eligibility and combinability; the engine applies every
 * effect it is given, in the order of `DISCOUNT_ORDER`, each capped at what remains of what it applies to.
 */
export type DiscountEffect = SubtotalDiscountEffect | LinesDiscountEffect | ShippingDiscountEffect;

/** Everything `computeTotals` needs; nothing is read from anywhere else. */
export interface TotalsInput {
  /** ISO 4217 code of the region's currency, e.g. `EUR`; echoed in the answer. */
  readonly currency: string;
  /** Whether unit prices and the shipping amount include tax (the region's setting). */
  readonly pricesIncludeTax: boolean;
  readonly lines: readonly TotalsLineInput[];
  /** The chosen shipping, or absent/null before one is chosen (then every shipping amount is 0). */
  readonly shipping?: TotalsShippingInput | null;
  /** Effects of the eligible promotions; none when absent. */
  readonly discounts?: readonly DiscountEffect[];
}

/** The part of one discount that landed on one line. */
export interface DiscountShare {
  /** The promotion ID of the effect. */
  readonly discountId: string;
  /** Minor units, > 0. */
  readonly amount: number;
}

/** The totals of one line. Invariant: `subtotal − discountTotal` is `total` with tax included or `netTotal` without. */
export interface LineTotals {
  readonly id: string;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly taxRate: number;
  /** `unitPrice × quantity`, before discounts (with tax when prices include it). */
  readonly subtotal: number;
  /** Sum of `discounts`: what the line's share of every discount takes off its subtotal. */
  readonly discountTotal: number;
  /** The discounts on this line, one entry per effect that took something, in application order. */
  readonly discounts: readonly DiscountShare[];
  /** After discounts, without tax. */
  readonly netTotal: number;
  /** Tax on the discounted line, rounded half up once. */
  readonly taxTotal: number;
  /** After discounts, with tax: what the customer pays for this line (`netTotal + taxTotal`). */
  readonly total: number;
}

/** One discount effect as applied. */
export interface AppliedDiscount {
  readonly id: string;
  readonly target: DiscountTarget;
  readonly kind: DiscountKind;
  readonly value: number;
  /** What it took off, after its cap (it never exceeds what remained of its target): ≥ 0. */
  readonly amount: number;
}

/**
 * The answer of `computeTotals`. All amounts are integers ≥ 0 in minor units, and at most MAX_AMOUNT.
 * - `grandTotal = Σ lines[].total + shippingTotal`
 * - prices exclude tax: `grandTotal = subtotal − discountTotal + shippingSubtotal − shippingDiscountTotal + taxTotal`
 * - prices include tax: `grandTotal = subtotal − discountTotal + shippingSubtotal − shippingDiscountTotal`
 */
export interface Totals {
  readonly currency: string;
  readonly pricesIncludeTax: boolean;
  /** In input order. */
  readonly lines: readonly LineTotals[];
  /** Σ lines[].subtotal: before discounts, with tax when prices include it. */
  readonly subtotal: number;
  /** Σ lines[].discountTotal: every discount on lines (subtotal and line promotions), not shipping's. */
  readonly discountTotal: number;
  /** The shipping amount given (0 without shipping). */
  readonly shippingSubtotal: number;
  /** What shipping promotions took off shipping. */
  readonly shippingDiscountTotal: number;
  /** The shipping tax rate given (0 without shipping). */
  readonly shippingTaxRate: number;
  /** Tax on the discounted shipping, rounded half up once. */
  readonly shippingTaxTotal: number;
  /** Shipping after discounts, with tax. */
  readonly shippingTotal: number;
  /** Σ lines[].taxTotal + shippingTaxTotal. */
  readonly taxTotal: number;
  /** What the customer pays. */
  readonly grandTotal: number;
  /** Every effect given, in application order, with what it took off (line and shipping discounts together). */
  readonly discounts: readonly AppliedDiscount[];
}

/** One line of what was paid, as `Totals.lines` has it (a `Totals` value is a `PaidBreakdown`). */
export interface PaidLine {
  readonly id: string;
  readonly quantity: number;
  /** What was paid for the line, tax and discounts included. */
  readonly total: number;
  /** The tax in `total`. */
  readonly taxTotal: number;
}

/** What an order paid, line by line; the stored `Totals` of the order fits. */
export interface PaidBreakdown {
  readonly lines: readonly PaidLine[];
  readonly shippingTotal: number;
  readonly shippingTaxTotal: number;
}

/** The part of a refund on one line. */
export interface RefundLinePart {
  readonly lineId: string;
  /** Units returned (0 for a refund by amount). */
  readonly quantity: number;
  /** Minor units refunded for the line, tax included. */
  readonly amount: number;
  /** The tax in `amount`. */
  readonly taxAmount: number;
}

/** The part of a refund on shipping. */
export interface RefundShippingPart {
  readonly amount: number;
  readonly taxAmount: number;
}

/** A refund already made (store `RefundPlan`s and pass them back as history). */
export interface RefundRecord {
  readonly lines: readonly RefundLinePart[];
  readonly shipping: RefundShippingPart;
}

/** Refund units of a line: what was paid for them, capped at what the line still has. */
export interface RefundLineQuantityRequest {
  readonly lineId: string;
  /** 1 to the units not yet returned. */
  readonly quantity: number;
}

/** Refund an amount of a line (tax included), without returning units. */
export interface RefundLineAmountRequest {
  readonly lineId: string;
  /** 1 to what the line still has. */
  readonly amount: number;
}

/** What to refund; the parts are applied in the order lines, shipping, then `amount`. */
export interface RefundRequest {
  readonly lines?: readonly (RefundLineQuantityRequest | RefundLineAmountRequest)[];
  /** Refund shipping: `{}` for all that remains, `{ amount }` for part of it. */
  readonly shipping?: { readonly amount?: number };
  /**
   * An amount for the order as a whole (e.g. a goodwill refund), spread over what remains refundable on the lines and
   * shipping in proportion (largest remainder).
   */
  readonly amount?: number;
}

/** What one refund returns, line by line; store it and pass it back in later calls' history. */
export interface RefundPlan extends RefundRecord {
  /** Σ of the line and shipping amounts. */
  readonly amount: number;
  /** Σ of the line and shipping tax amounts. */
  readonly taxAmount: number;
}

/** What is still refundable on one line. */
export interface RefundableLine {
  readonly lineId: string;
  /** Units not yet returned. */
  readonly quantity: number;
  readonly amount: number;
  readonly taxAmount: number;
}

/** What is still refundable after a history of refunds. */
export interface Refundable {
  readonly lines: readonly RefundableLine[];
  readonly shipping: RefundShippingPart;
  readonly amount: number;
  readonly taxAmount: number;
}
