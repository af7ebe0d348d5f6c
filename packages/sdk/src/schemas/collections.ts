import { z } from 'zod';
import { idSchema, labelSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { HandleSchema, ProductIdSchema } from './products.js';

export const CollectionIdSchema = idSchema('col');

const TitleSchema = labelSchema(200);

/** A named, ordered set of products (a category page, a season, a sale). */
export const CollectionSchema = z
  .object({
    id: CollectionIdSchema,
    object: z.literal('collection'),
    handle: z.string().describe('URL slug, unique across collections'),
    title: z.string(),
    description: z.string().nullable(),
    productIds: z.array(ProductIdSchema).describe('Member products in their collection order'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Collection' });
export type Collection = z.infer<typeof CollectionSchema>;

/** `POST /v1/collections` (admin). */
export const CreateCollectionRequestSchema = z
  .strictObject({
    title: TitleSchema,
    handle: HandleSchema.optional().describe('URL slug; minted from the title when absent'),
    description: z.string().max(5000).optional(),
  })
  .meta({ id: 'CreateCollectionRequest' });
export type CreateCollectionRequest = z.input<typeof CreateCollectionRequestSchema>;

/** `PATCH /v1/collections/:id` (admin). */
export const UpdateCollectionRequestSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    handle: HandleSchema.optional(),
    description: z.string().max(5000).nullable().optional(),
  })
  .meta({ id: 'UpdateCollectionRequest' });
export type UpdateCollectionRequest = z.input<typeof UpdateCollectionRequestSchema>;

/** `PUT /v1/collections/:id/products/:productId` (admin): add a product, or move it, to a position (0-based). */
export const CollectionMembershipRequestSchema = z
  .strictObject({
    position: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .describe('0-based place in the collection; the end when absent'),
  })
  .meta({ id: 'CollectionMembershipRequest' });
export type CollectionMembershipRequest = z.input<typeof CollectionMembershipRequestSchema>;

/** `GET /v1/collections`. */
export const ListCollectionsQuerySchema = PageQuerySchema.strict();
