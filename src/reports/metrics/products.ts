import { productTree, type DomainProducts } from '../../model/products.js';
import type { Records } from '../../model/records.js';

/**
 * The products section: each domain owning products, its products (the day each was handed off)
 * and each product's expansions with their stage (and their own domain once handed off in turn).
 * Over the as-of snapshot, which shows a product only from the day of its handoff.
 */
export function products(records: Records): DomainProducts[] {
  return productTree(records);
}
