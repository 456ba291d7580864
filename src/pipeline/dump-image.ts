import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The image that runs `download-dump.sh`: curl's own Alpine-based image, which brings curl 8
 * plus busybox (`sh`, `gzip -t`, `wc`, `mv`) and nothing else the script would need to trust.
 * Pinned to a released tag so a refresh never silently changes the downloader.
 *
 * The image's USER is the name `curl_user`, so a pod with `runAsNonRoot: true` must also set a
 * numeric `runAsUser`; run the script through `command` (not `args`) so the image's
 * `/entrypoint.sh` is bypassed and any UID works.
 * @see https://github.com/curl/curl-container
 */
export const DUMP_DOWNLOAD_IMAGE = 'curlimages/curl:8.17.0';

/** File name of the script, used as its ConfigMap key and the name it is mounted under. */
export const DUMP_DOWNLOAD_SCRIPT_NAME = 'download-dump.sh';

/** Absolute path of the script in this repository. */
export const DUMP_DOWNLOAD_SCRIPT_PATH = path.join(__dirname, DUMP_DOWNLOAD_SCRIPT_NAME);

/** The script's text, for a ConfigMap's `data`. */
export function readDumpDownloadScript(): string {
  return readFileSync(DUMP_DOWNLOAD_SCRIPT_PATH, 'utf8');
}
