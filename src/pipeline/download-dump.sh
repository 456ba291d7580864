#!/bin/sh
# Fetch Wikipedia CirrusSearch dumps into a volume, resumably and verified.
#
# Usage: download-dump.sh DEST_DIR URL [URL...]
#
# Each URL is saved as DEST_DIR/<basename of the URL>. A file counts as done only when
# DEST_DIR/<name>.complete exists beside it; that marker is written after `gzip -t` passed,
# so a pod killed at any point leaves either a resumable DEST_DIR/<name>.part or a verified
# file, never an unverified file that looks finished.
#
# Environment (all optional):
#   MAX_ATTEMPTS         attempts per URL, counting the first one            (default 5)
#   BACKOFF_SECONDS      wait after the first failed attempt; doubles after  (default 5)
#                        each further failure
#   BACKOFF_MAX_SECONDS  ceiling for that wait                               (default 300)
#
# Exit status: 0 when every URL is verified, 1 when any URL ran out of attempts or got a
# permanent HTTP error (the others are still fetched, so a rerun has less to do), 2 for
# bad arguments or environment.
#
# Written for POSIX sh with only curl and busybox applets (the curlimages/curl image), so
# no bash-isms, no GNU-only flags and no stat(1).

set -u

MAX_ATTEMPTS=${MAX_ATTEMPTS:-5}
BACKOFF_SECONDS=${BACKOFF_SECONDS:-5}
BACKOFF_MAX_SECONDS=${BACKOFF_MAX_SECONDS:-300}

log() {
  printf '%s download-dump: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"
}

die_usage() {
  printf 'download-dump: %s\n' "$*" >&2
  printf 'usage: download-dump.sh DEST_DIR URL [URL...]\n' >&2
  exit 2
}

# require_int NAME VALUE MIN: the environment is the contract with the construct, so a typo
# there must stop the pod with the variable's name rather than loop or sleep oddly.
require_int() {
  case $2 in
    '' | *[!0-9]*) die_usage "$1: expected a whole number >= $3, got '$2'" ;;
  esac
  [ "$2" -ge "$3" ] || die_usage "$1: expected a whole number >= $3, got '$2'"
}

# file_name URL: the last path segment without query or fragment.
file_name() {
  fn_path=${1%%[?#]*}
  printf '%s' "${fn_path##*/}"
}

file_size() {
  echo $(($(wc -c <"$1")))
}

# Common curl options: fail on HTTP errors instead of saving error pages into the dump, and
# give up on a stalled connection (under 1 KiB/s for a minute) so the retry loop can resume.
CURL_OPTS='--fail --location --silent --show-error --connect-timeout 30 --speed-limit 1024 --speed-time 60'

# remote_size URL: Content-Length from a HEAD request (after redirects; `%header{}` needs
# curl 7.84 or later), empty when the server sends none. Sets http_code and remote; returns
# curl's exit status.
remote_size() {
  # shellcheck disable=SC2086 # CURL_OPTS is a list of words on purpose
  out=$(curl $CURL_OPTS --head --output /dev/null --write-out '%{http_code} %header{content-length}' "$1")
  rc=$?
  http_code=${out%% *}
  remote=${out#"$http_code"}
  remote=${remote# }
  case $remote in
    *[!0-9]*) remote='' ;;
  esac
  return $rc
}

# is_permanent: a 4xx that retrying cannot fix. 408 and 429 are the server asking us to come
# back later; 416 means our partial no longer matches the remote file, which the next attempt
# handles by starting over.
is_permanent() {
  case $http_code in
    408 | 416 | 429) return 1 ;;
    4??) return 0 ;;
    *) return 1 ;;
  esac
}

# verify_and_commit: only a file that passes `gzip -t` leaves the .part name, and the marker
# follows the rename so that a crash in between leaves a file that is checked again, not
# trusted.
verify_and_commit() {
  size=$(file_size "$part")
  log "verifying $name ($size bytes) with gzip -t"
  # gzip's own message (CRC error, unexpected end of file) goes to stderr for the pod log.
  if ! gzip -t "$part"; then
    log "verification failed for $name: not a valid gzip file; deleting it"
    rm -f "$part"
    return 1
  fi
  mv -f "$part" "$dest" || return 1
  printf '%s\n%s bytes\n' "$url" "$size" >"$marker.tmp" || return 1
  mv -f "$marker.tmp" "$marker" || return 1
  log "verified $name ($size bytes); wrote $name.complete"
}

# attempt_once: returns 0 when the file is verified, 1 for a failure worth retrying and 2 for
# a permanent one.
attempt_once() {
  http_code=000
  if [ -f "$part" ]; then
    have=$(file_size "$part")
    if ! remote_size "$url"; then
      log "HEAD $url failed (HTTP $http_code)"
      is_permanent && return 2
      return 1
    fi
    if [ -z "$remote" ]; then
      log "server sent no Content-Length for $url; discarding the $have-byte partial file"
      rm -f "$part"
    elif [ "$have" -eq "$remote" ]; then
      log "partial file of $name already has the remote size ($remote bytes); verifying instead of downloading"
      verify_and_commit
      return
    elif [ "$have" -gt "$remote" ]; then
      log "partial file of $name ($have bytes) is larger than the remote file ($remote bytes); starting over"
      rm -f "$part"
    else
      log "resuming $url from byte $have of $remote"
    fi
  fi
  [ -f "$part" ] || log "downloading $url"
  # `-C -` makes curl append from the partial file's size with a Range request.
  # shellcheck disable=SC2086 # CURL_OPTS is a list of words on purpose
  out=$(curl $CURL_OPTS --continue-at - --output "$part" --write-out '%{http_code} %{size_download}' "$url")
  rc=$?
  http_code=${out%% *}
  case $rc in
    0) ;;
    33)
      log "server ignored the Range request for $url; starting over"
      rm -f "$part"
      return 1
      ;;
    *)
      log "transfer of $url failed (curl exit $rc, HTTP $http_code, ${out#* } bytes received)"
      [ "$http_code" = 416 ] && rm -f "$part"
      is_permanent && return 2
      return 1
      ;;
  esac
  log "received ${out#* } bytes of $name"
  verify_and_commit
}

# fetch URL: skip, or attempt up to MAX_ATTEMPTS times with a doubling, capped wait.
fetch() {
  url=$1
  name=$(file_name "$url")
  dest=$DEST_DIR/$name
  part=$dest.part
  marker=$dest.complete
  if [ -f "$dest" ] && [ -f "$marker" ]; then
    log "skipping $name: already downloaded and verified"
    return 0
  fi
  rm -f "$marker"
  # A dump without a marker may be from an older run or another tool; it was never verified
  # here, so it gets the same size check and verification as any partial file.
  [ -f "$dest" ] && mv -f "$dest" "$part"
  attempt=1
  delay=$BACKOFF_SECONDS
  while :; do
    attempt_once
    status=$?
    [ "$status" -eq 0 ] && return 0
    if [ "$status" -eq 2 ]; then
      log "giving up on $url: HTTP $http_code will not change on retry"
      return 1
    fi
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      log "giving up on $url after $attempt attempts"
      return 1
    fi
    [ "$delay" -gt "$BACKOFF_MAX_SECONDS" ] && delay=$BACKOFF_MAX_SECONDS
    log "attempt $attempt/$MAX_ATTEMPTS for $url failed; retrying in ${delay}s"
    sleep "$delay"
    delay=$((delay * 2))
    attempt=$((attempt + 1))
  done
}

[ $# -ge 2 ] || die_usage "expected a destination directory and at least one URL, got $# argument(s)"
DEST_DIR=$1
shift
[ -n "$DEST_DIR" ] || die_usage "DEST_DIR must not be empty"
require_int MAX_ATTEMPTS "$MAX_ATTEMPTS" 1
require_int BACKOFF_SECONDS "$BACKOFF_SECONDS" 0
require_int BACKOFF_MAX_SECONDS "$BACKOFF_MAX_SECONDS" 0

# Two URLs with one basename would overwrite each other's file and marker.
checked=''
for url in "$@"; do
  name=$(file_name "$url")
  [ -n "$name" ] || die_usage "cannot derive a file name from URL '$url' (it ends in '/')"
  case " $checked " in
    *" $name "*) die_usage "two URLs save to the same file '$name'; each URL needs its own basename" ;;
  esac
  checked="$checked $name"
done

mkdir -p "$DEST_DIR" || die_usage "cannot create DEST_DIR '$DEST_DIR'"

failed=''
for url in "$@"; do
  fetch "$url" || failed="$failed $url"
done

if [ -n "$failed" ]; then
  printf 'download-dump: failed to download:%s\n' "$failed" >&2
  exit 1
fi
log "all $# file(s) downloaded and verified in $DEST_DIR"
