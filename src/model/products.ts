import { stageAsOf } from './history.js';
import type { Initiative } from './initiative.js';
import type { LoadedRecord, Records } from './records.js';
import type { Stage } from './vocabulary.js';

/**
 * Whether an initiative is in product management: it has been handed to a domain (`pdx handoff`).
 * Read it on an as-of snapshot, which hides a handoff dated after its day.
 */
export function isHandedOff(initiative: Pick<Initiative, 'handoff'>): boolean {
  return initiative.handoff !== undefined;
}

/** Why `parent` cannot start an expansion on `day`, or null when it can: handed off by then, or at mvp then. */
export function expansionRefusal(parent: LoadedRecord<'initiative'>, day: string): { stage: Stage } | null {
  const handoff = parent.data.handoff;
  if (handoff !== undefined && handoff.date <= day) return null;
  const { stage } = stageAsOf(parent, day);
  return stage === 'mvp' ? null : { stage };
}

/** An expansion (minimum viable expansion) of a product: a discovery initiative whose `parent` it is. */
export interface Expansion {
  id: string;
  title: string;
  stage: Stage;
  /** Its own domain once it was handed off in turn, else null (still in discovery). */
  domain: string | null;
}

/** A product: an initiative handed to a domain, and the expansions started from it. */
export interface Product {
  id: string;
  title: string;
  /** The stage it reached in discovery. */
  stage: Stage;
  handedOffOn: string;
  by: string | null;
  /** Handed off although the mvp gate failed (`pdx handoff --force`). */
  forced: boolean;
  expansions: Expansion[];
}

/** A domain and the products it owns, oldest handoff first. */
export interface DomainProducts {
  domain: string;
  /** The domain's name, or null when no valid domain record has its id. */
  name: string | null;
  products: Product[];
}

/** The expansions of `id`: the initiatives naming it as `parent`, by id. */
export function expansionsOf(records: Records, id: string): Expansion[] {
  return records.initiative
    .filter((r) => r.data.parent === id)
    .map((r) => ({ id: r.data.id, title: r.data.title, stage: r.data.stage, domain: isHandedOff(r.data) ? (r.data.domain ?? null) : null }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Every domain owning a product, by domain id, each with its products and their expansions. A
 * product belongs to the domain its initiative names (`domain`, set with `handoff`), so an
 * as-of snapshot shows a product only from the day it was handed off.
 */
export function productTree(records: Records): DomainProducts[] {
  const byDomain = new Map<string, Product[]>();
  for (const r of records.initiative) {
    const { data } = r;
    if (!isHandedOff(data) || data.domain === undefined) continue;
    const product: Product = {
      id: data.id,
      title: data.title,
      stage: data.stage,
      handedOffOn: data.handoff!.date,
      by: data.handoff!.by ?? null,
      forced: data.handoff!.forced === true,
      expansions: expansionsOf(records, data.id),
    };
    (byDomain.get(data.domain) ?? byDomain.set(data.domain, []).get(data.domain)!).push(product);
  }
  return [...byDomain.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([domain, products]) => ({
      domain,
      name: records.domain.find((d) => d.data.id === domain)?.data.name ?? null,
      products: products.sort((a, b) => a.handedOffOn.localeCompare(b.handedOffOn) || a.id.localeCompare(b.id)),
    }));
}

/** What an expansion expands: its parent and, when the parent was handed off, the parent's domain. */
export function parentOf(records: Records, initiative: Pick<Initiative, 'parent'>): { id: string; domain: string | null } | null {
  if (initiative.parent === undefined) return null;
  const parent = records.initiative.find((r) => r.data.id === initiative.parent);
  return { id: initiative.parent, domain: parent && isHandedOff(parent.data) ? (parent.data.domain ?? null) : null };
}
