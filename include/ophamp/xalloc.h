/* Memory the program cannot go on without: the one out-of-memory policy of the program.
 *
 * A case's items, an import's rows, a view's lines are small; when even they cannot be had,
 * nothing sensible can be done, so these functions never return NULL: they run the hook the
 * front end set (which gives the terminal back), say "ophamp: out of memory" on stderr and
 * exit with status 3. Two kinds of memory still fail softly, because going on is better
 * there: what a user asked for by size (a report over every case) says which request was too
 * big, and a view of the front end that cannot open says so in the status line. */
#ifndef OPHAMP_XALLOC_H
#define OPHAMP_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc of n items of `size` bytes, refusing a product that overflows size_t. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s); /* NULL is copied as "" */

/* What runs before the message when memory runs out (NULL: nothing). */
void xalloc_on_failure(void (*hook)(void));

#endif
