#ifndef FOREWARN_CSTROPHE_SHIM_H
#define FOREWARN_CSTROPHE_SHIM_H
#include <strophe.h>

/* Event codes are an enum Swift imports; the log level macro is not, so name the one we use. */
static inline xmpp_log_t *CStrophe_default_logger_error(void) {
  return xmpp_get_default_logger(XMPP_LEVEL_ERROR);
}
#endif
