#ifndef FOREWARN_CMICROHTTPD_SHIM_H
#define FOREWARN_CMICROHTTPD_SHIM_H
#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <microhttpd.h>

/* MHD_start_daemon is variadic: Swift passes its options as one MHD_OPTION_ARRAY. */
static inline struct MHD_Daemon *CMHD_start(unsigned int flags, uint16_t port,
    MHD_AccessHandlerCallback handler, void *context, const struct MHD_OptionItem *options) {
  return MHD_start_daemon(flags, port, NULL, NULL, handler, context,
                          MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

/* The same, with the URI-log callback (it sees the raw target with its query and creates per-request
   state) and the request-completed callback registered in C, where function pointers need no casts. */
typedef void *(*CMHD_UriLogCallback)(void *cls, const char *uri, struct MHD_Connection *connection);
static inline struct MHD_Daemon *CMHD_start_with_callbacks(unsigned int flags, uint16_t port,
    MHD_AccessHandlerCallback handler, void *context,
    CMHD_UriLogCallback uri_log, MHD_RequestCompletedCallback completed,
    const struct MHD_OptionItem *options) {
  return MHD_start_daemon(flags, port, NULL, NULL, handler, context,
                          MHD_OPTION_URI_LOG_CALLBACK, uri_log, context,
                          MHD_OPTION_NOTIFY_COMPLETED, completed, context,
                          MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

/* MHD_get_daemon_info returns a union; Swift only needs the bound port. */
static inline uint16_t CMHD_bound_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info == NULL ? 0 : info->port;
}

/* The client address as text ("127.0.0.1"), written into buf; empty when unknown. */
static inline void CMHD_client_address(struct MHD_Connection *connection, char *buf, size_t len) {
  buf[0] = 0;
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == NULL || info->client_addr == NULL) return;
  const struct sockaddr *sa = info->client_addr;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)len);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, (socklen_t)len);
  }
}

/* Fills an IPv4 socket address for MHD_OPTION_SOCK_ADDR; returns 0 when host is not an IPv4 literal. */
static inline int CMHD_make_ipv4(const char *host, uint16_t port, struct sockaddr_in *out) {
  memset(out, 0, sizeof(*out));
  out->sin_family = AF_INET;
  out->sin_port = htons(port);
  return inet_pton(AF_INET, host, &out->sin_addr);
}

/* Option items are built in C so Swift does not depend on the exact layout of the anonymous union. */
static inline struct MHD_OptionItem CMHD_option_int(enum MHD_OPTION option, intptr_t value) {
  struct MHD_OptionItem item = { option, value, NULL };
  return item;
}
static inline struct MHD_OptionItem CMHD_option_ptr(enum MHD_OPTION option, intptr_t value, void *ptr) {
  struct MHD_OptionItem item = { option, value, ptr };
  return item;
}
static inline struct MHD_OptionItem CMHD_option_end(void) {
  struct MHD_OptionItem item = { MHD_OPTION_END, 0, NULL };
  return item;
}
/* A response of unknown length whose body comes from a reader callback (Server-Sent Events): MHD_SIZE_UNKNOWN is a
   cast macro Swift cannot import. */
static inline struct MHD_Response *CMHD_create_stream_response(size_t block_size, MHD_ContentReaderCallback reader,
    void *cls, MHD_ContentReaderFreeCallback free_callback) {
  return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, block_size, reader, cls, free_callback);
}

/* A listening IPv4 TCP socket (address reuse, close-on-exec) for the server's own accept thread; -1 with errno set
   when it cannot bind or listen. */
static inline int CMHD_listen_ipv4(const struct sockaddr_in *address) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (const struct sockaddr *)address, sizeof *address) != 0 || listen(fd, SOMAXCONN) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

/* The port a socket is bound to (0 when unknown). */
static inline uint16_t CMHD_socket_port(int fd) {
  struct sockaddr_in address;
  socklen_t length = sizeof address;
  if (getsockname(fd, (struct sockaddr *)&address, &length) != 0) return 0;
  return ntohs(address.sin_port);
}

/* Waits for one connection on the listening socket and hands it to the daemon, round robin over its `threads` pool
   threads: libmicrohttpd gives an added connection to pool thread (descriptor mod threads), so the descriptor is
   duplicated until its number names the thread whose turn it is (`*turn`). The daemon closes the connection when it is
   at a limit. Returns 0, or the errno of accept (EINVAL once the socket was shut down). */
static inline int CMHD_accept_into(struct MHD_Daemon *daemon, int fd, unsigned int threads, unsigned int *turn) {
  struct sockaddr_storage address;
  socklen_t length = sizeof address;
  int client = accept(fd, (struct sockaddr *)&address, &length);
  if (client < 0) return errno;
  if (threads > 1) {
    unsigned int want = (*turn)++ % threads;
    int spare[16];
    unsigned int spares = 0;
    while ((unsigned int)client % threads != want && spares < 16) {
      int copy = fcntl(client, F_DUPFD_CLOEXEC, 0);
      if (copy < 0) break;
      spare[spares++] = client;
      client = copy;
    }
    /* The copies that did not fit (and the original when a copy did) are closed; the socket stays open in `client`. */
    for (unsigned int i = 0; i < spares; i++) close(spare[i]);
  }
  (void)fcntl(client, F_SETFD, FD_CLOEXEC);
  (void)fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK);
  (void)MHD_add_connection(daemon, client, (const struct sockaddr *)&address, length);
  return 0;
}

#endif
