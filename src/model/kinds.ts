/**
 * Where records live, free of any schema library: reading a repo whose files are all in the
 * cache never loads zod.
 */

/** The file whose presence marks a pdx repo's root. */
export const CONFIG_FILE = 'pdx.yaml';
/** The folder, next to the config, that holds every record. */
export const DATA_DIR = 'discovery';

/** Every record kind and the folder under `discovery/` that holds it (one record per file, any depth). */
export const KIND_FOLDERS = {
  initiative: 'initiatives',
  hypothesis: 'hypotheses',
  evidence: 'evidence',
  experiment: 'experiments',
  domain: 'domains',
  okr: 'okrs',
  checkin: 'checkins',
} as const;

export type RecordKind = keyof typeof KIND_FOLDERS;
export const KIND_NAMES = Object.keys(KIND_FOLDERS) as RecordKind[];

/** The id a record file is named after (`discovery/evidence/x/e-1.yaml` → `e-1`): records are named by id. */
export function idFromFileName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
}

/** A top-level `id:` line: a quick look at which id a file holds, even one whose YAML does not parse. */
const ID_LINE = /^id:[ ]*(['"]?)([a-z0-9-]+)\1[ ]*(?:#.*)?\r?$/m;

/** The id a record file names on its own `id:` line, without parsing it; undefined when there is none. */
export function idLine(text: string): string | undefined {
  return ID_LINE.exec(text)?.[2];
}
