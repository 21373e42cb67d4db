/* A consistent copy of the file while others write (SQLite's online backup). It only reads;
 * the soundness check is check.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_internal.h"

/* ---- backup -------------------------------------------------------------------------- */

int store_backup(struct store *st, const char *dest, struct oph_error *err)
{
    sqlite3 *d = NULL;
    int rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc != SQLITE_OK) {
        oph_fail(err, OPH_DB, "cannot write the copy %s: %s", dest,
                 d ? sqlite3_errmsg(d) : sqlite3_errstr(rc));
        sqlite3_close(d);
        return -1;
    }
    /* The copy is a temporary file until it is whole: a journal beside it would only be one
     * more file to clean up. */
    sqlite3_exec(d, "PRAGMA journal_mode = OFF", NULL, NULL, NULL);
    sqlite3_backup *b = sqlite3_backup_init(d, "main", st->db, "main");
    if (!b) {
        oph_fail(err, OPH_DB, "cannot copy %s: %s", st->path, sqlite3_errmsg(d));
        sqlite3_close(d);
        return -1;
    }
    /* All pages in one step: one read transaction, so the copy is the database as of one
     * moment; writers go on meanwhile (write-ahead log). A lock held by a writer of a file
     * in rollback mode is waited for, as long as the busy timeout would. */
    int waited = 0;
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (waited >= 2000)
            break;
        usleep(50 * 1000);
        waited += 50;
    }
    int frc = sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE)
        rc = frc;
    if (rc == SQLITE_DONE || rc == SQLITE_OK) {
        /* The copy stands alone: one file, in rollback mode until ophamp opens it to write. */
        rc = sqlite3_exec(d, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            oph_fail(err, OPH_DB, "cannot write the copy: %s", sqlite3_errmsg(d));
    } else if ((rc & 0xFF) == SQLITE_FULL || (rc & 0xFF) == SQLITE_IOERR) {
        oph_fail(err, OPH_DB, "cannot write the copy (%s): nothing was written",
                 (rc & 0xFF) == SQLITE_FULL ? "the disk is full" : sqlite3_errstr(rc));
    } else {
        store_fail(st, rc, err, "copying");
    }
    if (sqlite3_close(d) != SQLITE_OK && rc == SQLITE_OK)
        rc = oph_fail(err, OPH_DB, "cannot write the copy %s", dest);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? 0 : -1;
}
