/* A streaming JSON writer: objects and arrays written as they go, strings escaped, times as
 * ISO 8601 UTC with a Z. */
#ifndef OPHAMP_JSON_H
#define OPHAMP_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/calendar.h"

#define JSON_MAX_DEPTH 32

struct json_writer {
    FILE *out;
    int depth;
    bool pretty;
    bool after_key;
    bool need_comma[JSON_MAX_DEPTH];
};

void jw_init(struct json_writer *w, FILE *out, bool pretty);
void jw_begin_object(struct json_writer *w);
void jw_end_object(struct json_writer *w);
void jw_begin_array(struct json_writer *w);
void jw_end_array(struct json_writer *w);
void jw_key(struct json_writer *w, const char *key);
void jw_string(struct json_writer *w, const char *s);         /* NULL writes null */
void jw_string_or_null(struct json_writer *w, const char *s); /* "" writes null too */
void jw_int(struct json_writer *w, long long v);
/* v / 10^decimals as a decimal number: jw_fixed(w, 875, 1) writes 87.5. */
void jw_fixed(struct json_writer *w, long long v, int decimals);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);
void jw_time(struct json_writer *w, oph_time t); /* OPH_NO_TIME writes null */
/* Ends the document with a newline. */
void jw_finish(struct json_writer *w);

#endif
