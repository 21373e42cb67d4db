/* Where an export goes (`-o FILE` or stdout). A file is written under a temporary name in
 * the same folder (mode 0600) and renamed into place only when every byte is on disk, so a
 * reader never sees half an export and a failure leaves nothing behind. An existing file is
 * replaced only when the caller says so (--force). */
#ifndef OPHAMP_OUTFILE_H
#define OPHAMP_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/error.h"

struct out_file {
    FILE *fp; /* write here */
    bool to_stdout;
    bool force;
    char path[4096];
    char tmp[4096 + 16];
};

/* path NULL or "-": stdout. Refuses (OPH_REFUSED) an existing path unless force, and
 * (OPH_DB) a path that cannot be written, naming it, or that out_refuse_database refuses
 * (db_path: the database the program has open, NULL for none). */
int out_open(struct out_file *o, const char *path, bool force, const char *db_path,
             struct oph_error *err);
/* Refuses (OPH_DB) an output that is the database at db_path or one of the files SQLite keeps
 * beside it (-wal, -shm, -journal), with or without --force: the same file whatever its name
 * (a symbolic link, a second hard link, another relative path), or one not there yet by its
 * name in the database's folder. path NULL or "-": standard output, when it is a file. */
int out_refuse_database(const char *path, const char *db_path, struct oph_error *err);
/* Flushes, syncs and puts the file in place; on any error removes the temporary file. */
int out_commit(struct out_file *o, struct oph_error *err);
/* Drops what was written (the temporary file); stdout is left as it is. */
void out_abort(struct out_file *o);

#endif
