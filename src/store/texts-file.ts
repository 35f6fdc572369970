import { closeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { openPlainFile, readFully, writeAllSync } from './disk.js';
import type { Texts } from './texts.js';

/**
 * The texts file of the verdict cache (`.pdx/cache/texts.bin`), read one record at a time: the
 * cache key's line, then each file's long texts back to back (`encodeTexts`), then an index
 * (each file → the hash of the bytes its texts are of, and where they are), then the index's
 * offset in the last 8 bytes. Opening it reads the index only; a record's texts are read when
 * asked for, through a window of the file that a reader going in file order (a search) moves
 * along, so no command holds every text at once.
 */

/** Where one file's texts are in a texts file; `offset` -1: the file has none. */
export interface TextsPlace {
  hash: string;
  offset: number;
  length: number;
}

/** Texts read by place. */
export interface TextsReader {
  /** The texts at `place` (one of this reader's); throws when the file does not hold them whole. */
  read(place: TextsPlace): Texts | undefined;
  /** The bytes at `place` as `encodeTexts` wrote them (a view, valid until the next read). */
  bytes(place: TextsPlace): Buffer;
}

/** Where each file's texts are, by file. */
export interface TextsIndex {
  get(file: string): TextsPlace | undefined;
  readonly size: number;
}

/** An open texts file: its index, and its texts. */
export interface TextsSource extends TextsReader {
  index: TextsIndex;
  close(): void;
}

const WINDOW = 1 << 20;
/** How far past the window a read still counts as going forward (a reader skipping a few records). */
const NEAR = 1 << 14;
const TRAILER = 8;

/**
 * A reader of byte ranges of `fd` through one window: a read just past the window (a reader
 * going in file order) fills the window from there; a read elsewhere (a list in another order)
 * reads only what it asks for.
 */
function windowed(fd: number, end: () => number): (offset: number, length: number) => Buffer {
  let window = Buffer.allocUnsafe(0);
  let start = 0;
  let filled = 0;
  return (offset, length) => {
    if (offset < start || offset + length > start + filled) {
      if (window.length < length) window = Buffer.allocUnsafe(Math.max(WINDOW, length));
      else if (window.length === 0) window = Buffer.allocUnsafe(WINDOW);
      const forward = offset >= start && offset - (start + filled) < NEAR;
      start = offset;
      filled = 0;
      const want = forward ? Math.min(window.length, Math.max(length, end() - offset)) : length;
      filled = readFully(fd, window.subarray(0, want), start);
      if (filled < length) throw new Error('the texts file ends early');
    }
    return window.subarray(offset - start, offset - start + length);
  };
}

/**
 * Opens the texts file at `path` when it is a plain file (no link) starting with `header` and
 * its index reads back; undefined otherwise (missing, damaged, another key).
 */
export function openTextsFile(path: string, header: Buffer): TextsSource | undefined {
  const file = openPlainFile(path);
  if (!file) return undefined;
  const { fd, size } = file;
  try {
    if (size < header.length + TRAILER) throw new Error('not a texts file');
    const read = windowed(fd, () => size);
    // The key comes first and is compared before anything else of the file is read.
    if (!read(0, header.length).equals(header)) throw new Error('another key');
    const trailer = Buffer.allocUnsafe(TRAILER);
    if (readFully(fd, trailer, size - TRAILER) !== TRAILER) throw new Error('short');
    const at = trailer.readDoubleLE(0);
    if (!Number.isSafeInteger(at) || at < header.length || at > size - TRAILER) throw new Error('no index');
    const bytes = Buffer.allocUnsafe(size - TRAILER - at);
    readFully(fd, bytes, at);
    return sourceOf(fd, readIndex(deserialize(bytes)), read, at);
  } catch {
    closeSync(fd);
    return undefined;
  }
}

/**
 * The index as written: the files, their hashes and their places (offset and length, in pairs) in
 * three lists, not an object a file: a hundred thousand files read back in a few milliseconds.
 */
interface WrittenIndex {
  files: string[];
  hashes: string[];
  places: Float64Array;
}

function writtenIndex(index: Map<string, TextsPlace>): WrittenIndex {
  const files: string[] = [];
  const hashes: string[] = [];
  const places = new Float64Array(2 * index.size);
  for (const [file, place] of index) {
    places[2 * files.length] = place.offset;
    places[2 * files.length + 1] = place.length;
    files.push(file);
    hashes.push(place.hash);
  }
  return { files, hashes, places };
}

function readIndex(value: unknown): TextsIndex {
  const { files, hashes, places } = (value ?? {}) as Partial<WrittenIndex>;
  if (!Array.isArray(files) || !Array.isArray(hashes) || !(places instanceof Float64Array) || hashes.length !== files.length || places.length !== 2 * files.length) throw new Error('no index');
  const at = new Map<string, number>();
  files.forEach((file, i) => {
    const [offset, length] = [places[2 * i]!, places[2 * i + 1]!];
    if (typeof file !== 'string' || typeof hashes[i] !== 'string' || !Number.isSafeInteger(offset) || offset < -1 || !Number.isSafeInteger(length) || length < 0) throw new Error('no index');
    at.set(file, i);
  });
  return {
    get(file) {
      const i = at.get(file);
      return i === undefined ? undefined : { hash: hashes[i]!, offset: places[2 * i]!, length: places[2 * i + 1]! };
    },
    size: at.size,
  };
}

function sourceOf(fd: number, index: TextsIndex, read: (offset: number, length: number) => Buffer, end: number): TextsSource {
  const bytes = (place: TextsPlace) => {
    if (place.offset < 0 || place.offset + place.length > end) throw new Error('the texts file ends early');
    return read(place.offset, place.length);
  };
  return {
    index,
    read: (place) => (place.offset < 0 ? undefined : decodeTexts(bytes(place))),
    bytes,
    close: () => closeSync(fd),
  };
}

/**
 * A texts file being written, at a temp path: texts are appended as a load finds them (in file
 * order, so the next reader's window moves forward), readable at once through `source`, and
 * `finish` writes the index that makes it a texts file.
 */
export interface TextsWriter extends TextsReader {
  /** Appends one file's texts as `encodeTexts` made them; where they are. */
  append(bytes: Uint8Array): { offset: number; length: number };
  /** Writes `index` and the trailer: the file is then complete, and read as any texts file. */
  finish(index: Map<string, TextsPlace>): TextsSource;
}

/** Starts a texts file in the file `fd` (opened for reading and writing, empty) with `header`. */
export function writeTextsFile(fd: number, header: Buffer): TextsWriter {
  const buffer = Buffer.allocUnsafe(WINDOW);
  let buffered = 0;
  let written = 0;
  const flush = () => {
    if (buffered === 0) return;
    writeAllSync(fd, buffer.subarray(0, buffered));
    written += buffered;
    buffered = 0;
  };
  const put = (bytes: Uint8Array) => {
    if (buffered + bytes.length > buffer.length) flush();
    if (bytes.length > buffer.length) {
      writeAllSync(fd, bytes);
      written += bytes.length;
    } else {
      buffer.set(bytes, buffered);
      buffered += bytes.length;
    }
  };
  put(header);
  const windowRead = windowed(fd, () => written);
  const read = (offset: number, length: number) => {
    if (offset + length > written) flush();
    return windowRead(offset, length);
  };
  return {
    append(bytes) {
      const offset = written + buffered;
      put(bytes);
      return { offset, length: bytes.length };
    },
    read: (place) => (place.offset < 0 ? undefined : decodeTexts(read(place.offset, place.length))),
    bytes: (place) => read(place.offset, place.length),
    finish(index) {
      const at = written + buffered;
      put(serialize(writtenIndex(index)));
      const trailer = Buffer.allocUnsafe(TRAILER);
      trailer.writeDoubleLE(at, 0);
      put(trailer);
      flush();
      return sourceOf(fd, index, read, at);
    },
  };
}

const UNDEFINED = 0;
const STRING = 1;
const OTHER = 2;

/**
 * One file's texts as bytes: their count, then each as a tag and a length, strings in UTF-8 (the
 * texts of a valid record are strings; anything else is kept through V8's serializer).
 */
export function encodeTexts(texts: Texts): Buffer {
  const parts: Buffer[] = [Buffer.from([texts.length])];
  for (const text of texts) {
    const bytes = text === undefined ? undefined : typeof text === 'string' ? Buffer.from(text, 'utf8') : serialize(text);
    const head = Buffer.allocUnsafe(5);
    head.writeUInt8(text === undefined ? UNDEFINED : typeof text === 'string' ? STRING : OTHER, 0);
    head.writeUInt32LE(bytes?.length ?? 0, 1);
    parts.push(head);
    if (bytes) parts.push(bytes);
  }
  return Buffer.concat(parts);
}

/** `encodeTexts` read back; throws on bytes it did not write. */
function decodeTexts(bytes: Buffer): Texts {
  const texts: Texts = [];
  const count = bytes.readUInt8(0);
  let at = 1;
  for (let i = 0; i < count; i++) {
    const tag = bytes.readUInt8(at);
    const length = bytes.readUInt32LE(at + 1);
    at += 5;
    if (at + length > bytes.length) throw new Error('a damaged text');
    if (tag === UNDEFINED) texts.push(undefined);
    else if (tag === STRING) texts.push(bytes.toString('utf8', at, at + length));
    else if (tag === OTHER) texts.push(deserialize(bytes.subarray(at, at + length)));
    else throw new Error('a damaged text');
    at += length;
  }
  if (at !== bytes.length) throw new Error('a damaged text');
  return texts;
}
