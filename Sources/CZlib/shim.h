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
#endif
