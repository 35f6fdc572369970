import { renderTable } from '../../format/table.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** `pdx hypothesis list [--initiative ID]`: with evidence for and against each. */
export async function hypothesisList(ctx: Context, flags: ReadFlags & { initiative?: string; kind?: string; status?: string }): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const rows = ws.records.hypothesis
    .map((r) => r.data)
    .sort((a, b) => a.id.localeCompare(b.id))
    .filter((h) => (flags.initiative ?? h.initiative) === h.initiative && (flags.kind ?? h.kind) === h.kind && (flags.status ?? h.status) === h.status)
    .map((h) => {
      const evidence = ws.records.evidence.filter((e) => e.data.hypothesis === h.id).map((e) => e.data.verdict);
      const superseded = ws.records.hypothesis.some((other) => other.data.supersedes === h.id);
      return { id: h.id, initiative: h.initiative, kind: h.kind, status: h.status, current: h.status !== 'invalidated' && !superseded, claims: h.claims.length, supports: evidence.filter((v) => v === 'supports').length, refutes: evidence.filter((v) => v === 'refutes').length };
    });
  return print(ctx, session, rows, () =>
    renderTable(
      ['id', 'initiative', 'kind', 'status', 'claims', 'for', 'against'],
      rows.map((r) => [r.current ? r.id : `${r.id} (superseded or invalidated)`, r.initiative, r.kind, r.status, String(r.claims), String(r.supports), String(r.refutes)]),
      { color: ctx.color, width: ctx.columns },
    ),
  );
}
