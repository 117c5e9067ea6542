#ifndef FOREWARN_CPOSTGRES_SHIM_H
#define FOREWARN_CPOSTGRES_SHIM_H
#include <libpq-fe.h>

/* PG_DIAG_SQLSTATE is a char macro; Swift imports it as an Int32 of the wrong width for PQresultErrorField. */
static inline const char *CPostgres_sqlstate(const PGresult *result) {
  return PQresultErrorField(result, PG_DIAG_SQLSTATE);
}

/* Type OIDs from catalog/pg_type_d.h (not installed by libpq-dev). */
enum {
  CPostgres_BOOLOID = 16, CPostgres_BYTEAOID = 17, CPostgres_INT8OID = 20, CPostgres_INT2OID = 21,
  CPostgres_INT4OID = 23, CPostgres_TEXTOID = 25, CPostgres_OIDOID = 26, CPostgres_FLOAT4OID = 700,
  CPostgres_FLOAT8OID = 701, CPostgres_NUMERICOID = 1700
};
#endif
