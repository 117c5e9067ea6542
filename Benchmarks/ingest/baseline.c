/* The SQLite ceiling for log ingest: the same rows Forewarn stores (log_messages with ids above the full-text mark, and
   the per-minute and per-hour roll-ups added once per batch, as the batch writer does), inserted with one prepared
   statement, one transaction per batch: the commit path. With INDEX_EVERY > 0 it also fills the FTS5 index behind the
   commits as Forewarn's indexer does (INSERT ... SELECT of the rows above the mark and the mark moved, in their own
   transaction, every INDEX_EVERY rows and at the end): commit + index. Usage:
   baseline DB COUNT BATCH [SPAN_SECONDS [FORMAT [INDEX_EVERY]]]
   FORMAT is the message text as a printf format of the row number (%ld), so the baseline indexes the same words as
   the load generator sent (default: ten words mixed over the rows, for the full-text search figures).
   Times run oldest to newest over the SPAN_SECONDS before now (default 3600), in insertion order as a receiver stores them. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: baseline DB COUNT BATCH [SPAN_SECONDS]\n"); return 2; }
    long count = atol(argv[2]), batch = atol(argv[3]);
    long span = argc > 4 ? atol(argv[4]) : 3600;
    const char *format = argc > 5 && argv[5][0] ? argv[5] : NULL;
    long index_every = argc > 6 ? atol(argv[6]) : 0;
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) { fprintf(stderr, "open failed\n"); return 1; }
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", 0, 0, 0);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO log_messages (id, at, level, stage, product_id, version, host, module, line, message) VALUES (?, ?, ?, 'PROD', NULL, '2.4.1', 'bench-host', 'bench', NULL, ?)", -1, &st, 0) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1;
    }
    /* The batch's per-minute counts, added in its transaction (all rows are PROD without a product). */
    sqlite3_stmt *rollup, *hours;
    if (sqlite3_prepare_v2(db, "INSERT INTO log_minute_counts (minute, stage, product_id, level, count) SELECT substr(at, 1, 16), 'PROD', 0, level, count(*) FROM log_messages WHERE id > ? GROUP BY 1, 4 ON CONFLICT (minute, stage, product_id, level) DO UPDATE SET count = count + excluded.count", -1, &rollup, 0) != SQLITE_OK
        || sqlite3_prepare_v2(db, "INSERT INTO log_hour_counts (hour, stage, product_id, level, count) SELECT substr(at, 1, 13), 'PROD', 0, level, count(*) FROM log_messages WHERE id > ? GROUP BY 1, 4 ON CONFLICT (hour, stage, product_id, level) DO UPDATE SET count = count + excluded.count", -1, &hours, 0) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1;
    }
    /* The indexer's transaction: the rows above the mark into the index, the mark moved to the newest. */
    sqlite3_stmt *index_rows, *move_mark;
    if (sqlite3_prepare_v2(db, "INSERT INTO log_messages_fts (rowid, message) SELECT id, message FROM log_messages WHERE id > (SELECT indexed_through FROM log_fts_progress WHERE id = 1)", -1, &index_rows, 0) != SQLITE_OK
        || sqlite3_prepare_v2(db, "UPDATE log_fts_progress SET indexed_through = (SELECT coalesce(max(id), 0) FROM log_messages) WHERE id = 1", -1, &move_mark, 0) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1;
    }
    sqlite3_int64 batch_start = 0, next_id = 0;
    long unindexed = 0;
    double index_seconds = 0;
    static const char *words[] = {"payment", "invoice", "timeout", "gateway", "customer", "order", "retry", "cache", "disk", "latency"};
    char text[256], at[32];
    double start = now();
    time_t base = time(NULL) - span;
    for (long i = 0; i < count; i++) {
        if (i % batch == 0) {
            sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0);
            sqlite3_stmt *last;
            sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0), (SELECT indexed_through FROM log_fts_progress WHERE id = 1) FROM log_messages", -1, &last, 0);
            sqlite3_step(last);
            batch_start = sqlite3_column_int64(last, 0);
            next_id = (batch_start > sqlite3_column_int64(last, 1) ? batch_start : sqlite3_column_int64(last, 1)) + 1;
            sqlite3_finalize(last);
        }
        time_t t = base + (time_t)((double)i * span / count);
        struct tm tm; gmtime_r(&t, &tm);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(at + 19, sizeof at - 19, ".%03ldZ", i % 1000);
        if (format) snprintf(text, sizeof text, format, i);
        else snprintf(text, sizeof text, "bench message %ld %s %s for customer acme-%ld", i, words[i % 10], words[(i / 10) % 10], i % 97);
        sqlite3_bind_int64(st, 1, next_id++);
        sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, (int)(i % 8));
        sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
        sqlite3_reset(st);
        if (i % batch == batch - 1 || i == count - 1) {
            sqlite3_bind_int64(rollup, 1, batch_start);
            sqlite3_bind_int64(hours, 1, batch_start);
            if (sqlite3_step(rollup) != SQLITE_DONE || sqlite3_step(hours) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
            sqlite3_reset(rollup);
            sqlite3_reset(hours);
            sqlite3_exec(db, "COMMIT", 0, 0, 0);
            unindexed += i % batch + 1;
            if (index_every > 0 && (unindexed >= index_every || i == count - 1)) {
                double t = now();
                sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0);
                if (sqlite3_step(index_rows) != SQLITE_DONE || sqlite3_step(move_mark) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
                sqlite3_reset(index_rows);
                sqlite3_reset(move_mark);
                sqlite3_exec(db, "COMMIT", 0, 0, 0);
                index_seconds += now() - t;
                unindexed = 0;
            }
        }
    }
    double seconds = now() - start;
    if (index_every > 0)
        printf("%ld rows in %.2f s: %.0f rows/s (commit + index every %ld rows; %.2f s of it indexing)\n", count, seconds, count / seconds, index_every, index_seconds);
    else
        printf("%ld rows in %.2f s: %.0f rows/s (commit path, not indexed)\n", count, seconds, count / seconds);
    sqlite3_finalize(st);
    sqlite3_finalize(rollup);
    sqlite3_finalize(hours);
    sqlite3_finalize(index_rows);
    sqlite3_finalize(move_mark);
    sqlite3_close(db);
    return 0;
}
