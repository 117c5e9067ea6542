/* Baseline for `make bench`: the smallest libmicrohttpd server, with the same flags as Forewarn
   (epoll, internal thread pool, keep-alive by queueing on the second call).
   usage: hello [PORT [THREADS [BODY_BYTES]]]; BODY_BYTES answers a body of that many bytes instead of the greeting
   (the same work in the kernel as a page of that size, none in the application). */
#include <microhttpd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *BODY = "Hello, world!\n";
static size_t body_size;

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls) {
  static int marker;
  if (*con_cls == NULL) { *con_cls = &marker; return MHD_YES; }
  struct MHD_Response *r = MHD_create_response_from_buffer(body_size, (void *)BODY, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(r, "Content-Type", "text/plain");
  enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return ret;
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 18181;
  int threads = argc > 2 ? atoi(argv[2]) : 2;
  body_size = strlen(BODY);
  if (argc > 3 && atoi(argv[3]) > 0) {
    body_size = (size_t)atoi(argv[3]);
    char *body = malloc(body_size);
    if (!body) return 1;
    for (size_t i = 0; i < body_size; i++) body[i] = (char)('a' + i % 26);
    BODY = body;
  }
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, port, NULL, NULL,
      handler, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10, MHD_OPTION_END);
  if (!d) return 1;
  sigset_t set; sigemptyset(&set); sigaddset(&set, SIGTERM); sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, NULL);
  int sig; sigwait(&set, &sig);
  MHD_stop_daemon(d);
  return 0;
}
