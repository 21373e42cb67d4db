/* Private to the workflow engine: what workflow.c shares with workflow_checks.c. */
#ifndef OPHAMP_WORKFLOW_INTERNAL_H
#define OPHAMP_WORKFLOW_INTERNAL_H

#include <stddef.h>

/* Appends one line to notice (size bytes; nothing when notice is NULL). */
void notice_add(char *notice, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
