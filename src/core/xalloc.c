/* The one out-of-memory policy: see xalloc.h. */
#include "ophamp/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*failure_hook)(void);

void xalloc_on_failure(void (*hook)(void))
{
    failure_hook = hook;
}

static _Noreturn void out_of_memory(void)
{
    if (failure_hook)
        failure_hook();
    fputs("ophamp: out of memory\n", stderr);
    exit(3);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory();
    return q;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        out_of_memory();
    return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *d = xmalloc(n + 1);
    memcpy(d, s ? s : "", n + 1);
    return d;
}
