/** cli-table3's own helpers (its package has no types for them): the width it pads cells to. */
declare module 'cli-table3/src/utils.js' {
  const utils: { strlen(text: string): number };
  export default utils;
}
