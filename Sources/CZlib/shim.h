#ifndef FOREWARN_CZLIB_SHIM_H
#define FOREWARN_CZLIB_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

/* deflateInit2 is a macro around deflateInit2_: gzip-compresses `in` into `out` (best compression, gzip header).
   Returns the compressed length, or 0 when it does not fit in `capacity` or zlib fails. */
static inline size_t CZlib_gzip(const uint8_t *in, size_t length, uint8_t *out, size_t capacity) {
  z_stream stream;
  memset(&stream, 0, sizeof(stream));
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  stream.next_in = (Bytef *)in;
  stream.avail_in = (uInt)length;
  stream.next_out = out;
  stream.avail_out = (uInt)capacity;
  int result = deflate(&stream, Z_FINISH);
  size_t written = stream.total_out;
  deflateEnd(&stream);
  return result == Z_STREAM_END ? written : 0;
}

/* An upper bound for CZlib_gzip's output (deflateBound plus the gzip header and trailer). */
static inline size_t CZlib_gzip_bound(size_t length) {
  return (size_t)compressBound((uLong)length) + 32;
}
/* Gzip (level 6) in which the `count` spans starting at secret_starts[i], secret_lengths[i] bytes long (in order, not
   overlapping) are written as stored blocks between full flushes: no match reaches into or out of them and their
   encoded size depends only on their length, so the compressed size says nothing about their bytes (BREACH: a
   secret next to text an attacker chose). Returns the compressed length, or 0 when it does not fit or zlib fails. */
static inline size_t CZlib_gzip_isolating(const uint8_t *in, size_t length, const size_t *secret_starts,
    const size_t *secret_lengths, size_t count, uint8_t *out, size_t capacity) {
  z_stream stream;
  memset(&stream, 0, sizeof(stream));
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  stream.next_out = out;
  stream.avail_out = (uInt)capacity;
  size_t at = 0;
  int ok = 1;
  for (size_t i = 0; ok && i <= count; i++) {
    size_t start = i < count ? secret_starts[i] : length;
    if (start < at || start > length) { ok = 0; break; }
    stream.next_in = (Bytef *)(in + at);
    stream.avail_in = (uInt)(start - at);
    if (i == count) { ok = deflate(&stream, Z_FINISH) == Z_STREAM_END; break; }
    size_t secret = secret_lengths[i];
    if (secret > length - start) { ok = 0; break; }
    /* The text before, then the secret stored (level 0), each ended by a full flush (history dropped). */
    ok = deflate(&stream, Z_FULL_FLUSH) == Z_OK && stream.avail_in == 0 && stream.avail_out > 0
      && deflateParams(&stream, 0, Z_DEFAULT_STRATEGY) == Z_OK;
    if (!ok) break;
    stream.next_in = (Bytef *)(in + start);
    stream.avail_in = (uInt)secret;
    ok = deflate(&stream, Z_FULL_FLUSH) == Z_OK && stream.avail_in == 0 && stream.avail_out > 0
      && deflateParams(&stream, 6, Z_DEFAULT_STRATEGY) == Z_OK;
    at = start + secret;
  }
  size_t written = stream.total_out;
  deflateEnd(&stream);
  return ok ? written : 0;
}

#endif
