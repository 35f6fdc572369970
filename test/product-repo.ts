import { minimalRepo } from './helpers.js';

/**
 * A repo with both systems: `quotes`, in release and handed to the `freight` domain on
 * 2026-11-02 with --force (the fields `pdx handoff` writes, written directly: so it is its
 * handoff, not its stage, that makes it a product), `payouts` at mvp and not handed off, `docks` in
 * immersion, and `quotes-api`, an expansion of `quotes` in validation.
 */
export function productRepo(extra: Record<string, string> = {}): string {
  return minimalRepo({
    'discovery/initiatives/quotes.yaml': `id: quotes
title: Instant quotes
stage: release
history:
  - { stage: immersion, date: 2026-03-02 }
  - { stage: release, date: 2026-10-05, forced: true, reason: shortcut for the test }
domain: freight
handoff: { date: 2026-11-02, by: Maya, forced: true, reason: the pilot customers pay, failedRules: [paying-customers] }
`,
    'discovery/initiatives/payouts.yaml': `id: payouts
title: Carrier payouts
stage: mvp
history:
  - { stage: immersion, date: 2026-04-06 }
  - { stage: mvp, date: 2026-11-09, forced: true, reason: shortcut for the test }
`,
    'discovery/initiatives/docks.yaml': `id: docks
title: Dock slot booking
stage: immersion
history:
  - { stage: immersion, date: 2026-11-16 }
`,
    'discovery/initiatives/quotes-api.yaml': `id: quotes-api
title: Quotes API for platforms
stage: validation
parent: quotes
history:
  - { stage: immersion, date: 2026-11-03 }
  - { stage: validation, date: 2026-11-21, forced: true, reason: shortcut for the test }
`,
    'discovery/domains/freight.yaml': `id: freight
name: Freight booking
purpose: Shippers book freight fast
products: [quotes]
`,
    ...extra,
  });
}
