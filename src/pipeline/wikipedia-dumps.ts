/**
 * CirrusSearch content dumps the environments process. Wikimedia publishes them weekly at
 * https://dumps.wikimedia.org/other/cirrussearch/ and keeps only recent weeks, so a date
 * pinned here must be moved forward when that week is gone (the download step then fails
 * with a permanent 404 instead of fetching something else).
 */
const DUMP_DATE = '20240101';
const cirrusDump = (wiki: string) =>
  `https://dumps.wikimedia.org/other/cirrussearch/${DUMP_DATE}/${wiki}-${DUMP_DATE}-cirrussearch-content.json.gz`;

/** English Wikipedia, ~40 GiB compressed: the production run. */
export const ENGLISH_WIKIPEDIA_DUMPS: readonly string[] = [cirrusDump('enwiki')];

/** Simple English Wikipedia, a few hundred MiB: fits a laptop. */
export const SIMPLE_WIKIPEDIA_DUMPS: readonly string[] = [cirrusDump('simplewiki')];
