import type {
  CreatePromotionRequestSchema,
  EventType,
  ListPromotionsQuerySchema,
  Promotion,
  PromotionRejection,
  UpdatePromotionRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { ReadThroughCache } from '../../infra/cache/read-through-cache.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { createEventedWrite } from '../events/evented-write.js';
import type { Outbox } from '../events/outbox.js';
import { checkEligibility, type Eligibility, type PromotionCartContext } from './promotion-eligibility.js';
import { type PromotionRow, promotionsRepository, toPromotion } from './promotions-repository.js';

/** The outcome for a code a shopper typed: the promotion, or why it does not apply (an error code). */
export type CodeResult =
  | { ok: true; promotion: Promotion }
  | { ok: false; reason: PromotionRejection; promotion: Promotion | null };

/** What {@link createPromotionsService}'s `findApplicable` answers. */
export interface ApplicablePromotions {
  /** The typed code's result; null when no code was given. */
  code: CodeResult | null;
  /**
   * The automatic promotions that apply on top of the already-applied ones and the code's (oldest first, each
   * checked against those before it, so together they respect combinability).
   */
  automatic: Promotion[];
}

/** What `consumeUsage` answers: whether a use was taken, or why not. */
export type ConsumeResult =
  | {
      consumed: true;
      /** This use reached the total limit: cached copies must be dropped once the transaction commits. */
      exhausted: boolean;
    }
  | {
      consumed: false;
      reason: 'promotion_not_found' | 'promotion_usage_exhausted' | 'promotion_customer_limit_reached';
    };

const normalizeCode = (code: string) => code.trim().toUpperCase();
/** The one cache entry that holds the automatic promotions. */
const AUTOMATIC = 'all';

/** Promotions: codes and automatic discounts, with usage limits counted by guarded statements. */
export function createPromotionsService(deps: {
  db: Database;
  clock: Clock;
  outbox: Outbox;
  /** Promotions as cart answers judge them: by code (null: no such code) and the automatic ones. */
  cached: { byCode: ReadThroughCache<Promotion | null>; automatic: ReadThroughCache<Promotion[]> };
}) {
  const { db, clock, cached } = deps;
  // Another writer took the same code between the check and the insert.
  const evented = createEventedWrite(deps, (error) =>
    isUniqueViolation(error) ? new AppError('code_taken') : error,
  );

  async function forget(promotions: ReadonlyArray<Pick<Promotion, 'code'>>): Promise<void> {
    if (promotions.length === 0) return;
    await Promise.all([
      cached.automatic.forget(AUTOMATIC),
      ...promotions.flatMap((p) => (p.code === null ? [] : [cached.byCode.forget(p.code)])),
    ]);
  }

  /** Every change drops the cached copies of the promotion (under its old code too) once it has committed. */
  async function write(
    type: EventType,
    work: (trx: Executor, at: string, before: (promotion: Promotion) => void) => Promise<Promotion>,
    onCommit?: CommitHook,
  ): Promise<Promotion> {
    const touched: Promotion[] = [];
    const promotion = await evented(type, (trx, at) => work(trx, at, (old) => touched.push(old)), onCommit);
    await forget([...touched, promotion]);
    return promotion;
  }

  async function hydrate(trx: Executor, rows: PromotionRow[]): Promise<Promotion[]> {
    const repo = promotionsRepository(trx);
    const ids = rows.map((row) => row.id);
    const [amounts, targets] = await Promise.all([repo.amountsOf(ids), repo.targetsOf(ids)]);
    return rows.map((row) => toPromotion(row, amounts, targets));
  }

  async function load(trx: Executor, id: string): Promise<Promotion> {
    const row = await promotionsRepository(trx).find(id);
    if (!row) throw new AppError('not_found', { detail: `No promotion ${id}.` });
    return (await hydrate(trx, [row]))[0]!;
  }

  async function assertCodeFree(trx: Executor, code: string | null, exceptId?: string) {
    if (code !== null && (await promotionsRepository(trx).codeTaken(code, exceptId))) {
      throw new AppError('code_taken', { detail: `Another promotion has the code ${code}. Choose another.` });
    }
  }

  async function writeDetails(
    trx: Executor,
    id: string,
    input: Partial<Pick<Promotion, 'discount' | 'target' | 'minimumSubtotal'>>,
  ) {
    const repo = promotionsRepository(trx);
    if (input.discount) {
      await repo.setAmounts(id, 'discount', input.discount.type === 'fixed' ? input.discount.amounts : []);
    }
    if (input.minimumSubtotal) await repo.setAmounts(id, 'minimum', input.minimumSubtotal);
    if (input.target) await repo.setTargets(id, input.target);
  }

  /** The promotions with these codes and the automatic ones, from the cache (loaded on a miss). */
  async function cachedCandidates(trx: Executor, codes: readonly string[]): Promise<Promotion[]> {
    const load = async (rows: PromotionRow[]) => hydrate(trx, rows);
    const [byCode, automatic] = await Promise.all([
      Promise.all(
        [...new Set(codes)].map((code) =>
          cached.byCode.read(code, async () => {
            const row = await promotionsRepository(trx).findByCode(code);
            return row ? (await load([row]))[0]! : null;
          }),
        ),
      ),
      cached.automatic.read(AUTOMATIC, async () => load(await promotionsRepository(trx).automatic())),
    ]);
    return [...byCode.filter((p): p is Promotion => p !== null), ...automatic];
  }

  /**
   * For carts: judges typed codes (any case) in order, each against the promotions before it (`applied` first,
   * then the codes that passed), and then finds the automatic promotions that apply on top. Reads inside the
   * caller's transaction in a fixed number of queries, however many codes; changes nothing.
   */
  async function judgeCart(
    trx: Executor,
    query: {
      codes: readonly string[];
      cart: PromotionCartContext;
      applied?: readonly Promotion[];
      /**
       * True when the verdict only shows a cart: promotions may come from the cache (their usage counts may lag
       * until one is used up). What is charged must read them in the caller's transaction.
       */
      cached?: boolean;
    },
  ): Promise<{ codes: CodeResult[]; automatic: Promotion[] }> {
    const repo = promotionsRepository(trx);
    const typed = query.codes.map(normalizeCode);
    const candidates = query.cached
      ? await cachedCandidates(trx, typed)
      : await hydrate(trx, [...(await repo.findByCodes([...new Set(typed)])), ...(await repo.automatic())]);
    // A customer's uses matter only for promotions with a per-customer limit (most have none).
    const limited = candidates.filter((p) => p.perCustomerLimit !== null).map((p) => p.id);
    const uses =
      query.cart.customerKey && limited.length > 0
        ? await repo.usesBy(query.cart.customerKey, limited)
        : new Map<string, number>();
    const byCode = new Map(candidates.flatMap((p) => (p.code === null ? [] : [[p.code, p] as const])));
    const chosen: Promotion[] = [...(query.applied ?? [])];
    const judge = (promotion: Promotion): Eligibility =>
      checkEligibility(promotion, {
        ...query.cart,
        customerUses: uses.get(promotion.id) ?? 0,
        others: chosen,
      });

    const codes = typed.map((code): CodeResult => {
      const promotion = byCode.get(code) ?? null;
      const verdict: Eligibility = promotion
        ? judge(promotion)
        : { ok: false, reason: 'promotion_not_found' };
      if (!verdict.ok || !promotion) {
        return { ok: false, reason: verdict.ok ? 'promotion_not_found' : verdict.reason, promotion };
      }
      chosen.push(promotion);
      return { ok: true, promotion };
    });
    const automatic: Promotion[] = [];
    for (const promotion of candidates) {
      if (promotion.code !== null || chosen.some((p) => p.id === promotion.id)) continue;
      if (!judge(promotion).ok) continue;
      automatic.push(promotion);
      chosen.push(promotion);
    }
    return { codes, automatic };
  }

  function assertWindow(startsAt: string | null, endsAt: string | null) {
    if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) {
      throw new AppError('validation_failed', {
        errors: [{ path: 'body.endsAt', message: 'must be after startsAt', code: 'too_small' }],
      });
    }
  }

  return {
    get: (id: string) => load(db, id),

    async list(query: z.output<typeof ListPromotionsQuerySchema>) {
      const { rows, hasMore } = await promotionsRepository(db).list(query.limit, query.starting_after, {
        code: query.code,
        active: query.active,
      });
      return { object: 'list' as const, data: await hydrate(db, rows), has_more: hasMore };
    },

    create(input: z.output<typeof CreatePromotionRequestSchema>, onCommit?: CommitHook) {
      return write(
        'promotion.created',
        async (trx, at) => {
          await assertCodeFree(trx, input.code);
          const row: PromotionRow = {
            id: newId('promotion'),
            code: input.code,
            name: input.name,
            description: input.description,
            discount_type: input.discount.type,
            discount_bps: input.discount.type === 'percentage' ? input.discount.bps : null,
            target_type: input.target.type,
            starts_at: input.startsAt,
            ends_at: input.endsAt,
            usage_limit: input.usageLimit,
            usage_count: 0,
            per_customer_limit: input.perCustomerLimit,
            combinable: input.combinable ? 1 : 0,
            active: input.active ? 1 : 0,
            created_at: at,
            updated_at: at,
          };
          await promotionsRepository(trx).insert(row);
          await writeDetails(trx, row.id, input);
          return load(trx, row.id);
        },
        onCommit,
      );
    },

    update(id: string, input: z.output<typeof UpdatePromotionRequestSchema>) {
      return write('promotion.updated', async (trx, at, touches) => {
        const before = await load(trx, id);
        touches(before);
        if (input.code !== undefined) await assertCodeFree(trx, input.code, id);
        assertWindow(
          input.startsAt === undefined ? before.startsAt : input.startsAt,
          input.endsAt === undefined ? before.endsAt : input.endsAt,
        );
        const set = <K extends keyof typeof input>(key: K, column: keyof PromotionRow, value?: unknown) =>
          input[key] === undefined ? {} : { [column]: value === undefined ? input[key] : value };
        await promotionsRepository(trx).update(id, {
          ...set('code', 'code'),
          ...set('name', 'name'),
          ...set('description', 'description'),
          ...(input.discount === undefined
            ? {}
            : {
                discount_type: input.discount.type,
                discount_bps: input.discount.type === 'percentage' ? input.discount.bps : null,
              }),
          ...(input.target === undefined ? {} : { target_type: input.target.type }),
          ...set('startsAt', 'starts_at'),
          ...set('endsAt', 'ends_at'),
          ...set('usageLimit', 'usage_limit'),
          ...set('perCustomerLimit', 'per_customer_limit'),
          ...set('combinable', 'combinable', input.combinable ? 1 : 0),
          ...set('active', 'active', input.active ? 1 : 0),
          updated_at: at,
        });
        await writeDetails(trx, id, input);
        return load(trx, id);
      });
    },

    /** Deletes a promotion never used; a used one is 409 `promotion_in_use` (deactivate it instead). */
    remove(id: string) {
      return write('promotion.deleted', async (trx) => {
        const promotion = await load(trx, id);
        if (promotion.usageCount > 0) {
          throw new AppError('promotion_in_use', {
            detail: `Promotion ${id} has been used ${promotion.usageCount} time(s); deactivate it (active: false) instead.`,
          });
        }
        await promotionsRepository(trx).remove(id);
        return promotion;
      });
    },

    /** Pure: whether `promotion` may apply to a cart, or the reason code (see `promotion-eligibility.ts`). */
    checkEligibility,

    /** For carts: promotions by ID (e.g. those already on a cart, to check them again), in ID order. */
    async findByIds(trx: Executor, promotionIds: readonly string[]): Promise<Promotion[]> {
      return hydrate(trx, await promotionsRepository(trx).findMany(promotionIds));
    },

    judgeCart,

    /**
     * For carts: judges one typed code (any case) and finds the automatic promotions that apply, against the
     * promotions already on the cart (`appliedPromotionIds`, for combinability). Reads inside the caller's
     * transaction; changes nothing.
     */
    async findApplicable(
      trx: Executor,
      query: { code?: string | null; cart: PromotionCartContext; appliedPromotionIds?: readonly string[] },
    ): Promise<ApplicablePromotions> {
      const applied = await hydrate(
        trx,
        await promotionsRepository(trx).findMany(query.appliedPromotionIds ?? []),
      );
      const judged = await judgeCart(trx, {
        codes: query.code ? [query.code] : [],
        cart: query.cart,
        applied,
      });
      return { code: judged.codes[0] ?? null, automatic: judged.automatic };
    },

    /**
     * For order completion, inside its transaction: takes one use of the promotion for `customerKey` (null: no
     * per-customer count) by guarded statements, so the total and per-customer limits hold under any concurrency.
     * When this use reaches the total limit, `promotion.exhausted` is written in the same transaction.
     * Never throws for an exhausted promotion: it answers `{ consumed: false, reason }` and changes nothing.
     */
    async consumeUsage(
      trx: Executor,
      promotionId: string,
      customerKey: string | null,
    ): Promise<ConsumeResult> {
      const repo = promotionsRepository(trx);
      const taken = await repo.takeUse(promotionId);
      if (!taken) {
        const exists = await repo.find(promotionId);
        return { consumed: false, reason: exists ? 'promotion_usage_exhausted' : 'promotion_not_found' };
      }
      const at = clock.now().toISOString();
      if (customerKey !== null) {
        const limit = taken.per_customer_limit === null ? null : Number(taken.per_customer_limit);
        const customerUse = await repo.takeCustomerUse(promotionId, customerKey, limit, at);
        if (!customerUse) {
          await repo.giveBackUse(promotionId);
          return { consumed: false, reason: 'promotion_customer_limit_reached' };
        }
      }
      const exhausted = taken.usage_limit !== null && Number(taken.usage_count) === Number(taken.usage_limit);
      if (exhausted) {
        const promotion = await load(trx, promotionId);
        await deps.outbox.append(
          trx,
          { type: 'promotion.exhausted', subjectId: promotionId, ownerId: null, data: promotion },
          at,
        );
      }
      return { consumed: true, exhausted };
    },

    /** Drops cached copies of these promotions on every node; call after the transaction that changed them. */
    forget,
  };
}

export type PromotionsService = ReturnType<typeof createPromotionsService>;
