#ifndef FOREWARN_CSQLITE_SHIM_H
#define FOREWARN_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro casting -1 to a function pointer: Swift cannot import it. */
static inline sqlite3_destructor_type CSQLite_transient(void) { return SQLITE_TRANSIENT; }

/* sqlite3_db_config is variadic; Swift needs a fixed signature for the int-flag options. */
static inline int CSQLite_db_config_flag(sqlite3 *db, int op, int value) {
  int result = 0;
  return sqlite3_db_config(db, op, value, &result);
}
#endif
