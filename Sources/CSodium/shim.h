#ifndef FOREWARN_CSODIUM_SHIM_H
#define FOREWARN_CSODIUM_SHIM_H
#include <sodium.h>

/* Interactive argon2id limits are macros; Swift needs them as functions. */
static inline unsigned long long CSodium_opslimit_interactive(void) { return crypto_pwhash_OPSLIMIT_INTERACTIVE; }
static inline size_t CSodium_memlimit_interactive(void) { return crypto_pwhash_MEMLIMIT_INTERACTIVE; }
static inline size_t CSodium_pwhash_strbytes(void) { return crypto_pwhash_STRBYTES; }

/* argon2id string hash (algorithm, salt and limits encoded in the string). */
static inline int CSodium_hash_password(char *out, const char *password, unsigned long long length) {
  return crypto_pwhash_str_alg(out, password, length, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}
#endif
