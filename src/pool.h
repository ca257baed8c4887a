/* pool.h - an ordered worker pool: N threads work on items, results come out in
 * input order.
 *
 * The caller owns a ring of `nslots` items (e.g. one document, its arena and an
 * output buffer each). It fills the item kh_pool_slot() hands out and commits it;
 * a worker runs work(ctx, worker, item); the caller's thread runs emit(ctx, item)
 * for finished items strictly in the order they were committed, so output is the
 * same for any number of workers. Worker numbers are 0 .. nworkers - 1, and no two
 * calls of work() with the same number overlap (per-worker scratch is safe). The
 * caller is one of the workers (the last number): nworkers - 1 threads are started,
 * and the caller works items in kh_pool_slot() and kh_pool_finish() while it would
 * otherwise wait. With nworkers <= 1 no thread is started and every item is worked
 * and emitted at once, in the caller's thread. */
#ifndef KH_POOL_H
#define KH_POOL_H

typedef int (*kh_pool_work_fn)(void *ctx, int worker, void *item);
typedef int (*kh_pool_emit_fn)(void *ctx, void *item);

typedef struct kh_pool kh_pool;

/* items[0..nslots-1] are the caller's; nslots >= 1 (several per worker: the caller
 * helps only once the ring is full, and the threads must not run dry meanwhile).
 * Returns NULL when memory or threads cannot be had. */
kh_pool *kh_pool_new(int nworkers, int nslots, void **items,
                     kh_pool_work_fn work, kh_pool_emit_fn emit, void *ctx);
/* The item to fill for the next input: waits (emitting finished items in order)
 * until one is free. NULL after an emit or work error. */
void *kh_pool_slot(kh_pool *p);
/* Hands the item returned by the last kh_pool_slot() to the workers. */
int  kh_pool_commit(kh_pool *p);
/* Waits for every committed item and emits the rest. Returns 0, or -1 when some
 * work or emit call returned non-zero. */
int  kh_pool_finish(kh_pool *p);
/* Stops the threads (after kh_pool_finish) and frees the pool, not the items. */
void kh_pool_free(kh_pool *p);
/* Number of processors online (at least 1). */
int  kh_pool_ncpus(void);

#endif
