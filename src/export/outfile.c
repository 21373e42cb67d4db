/* Exports written safely: temporary file, fsync, rename (see outfile.h). */
#include "ophamp/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ophamp/text.h"

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The folder holding path, and its last part. */
static bool folder_of(const char *path, struct stat *dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    char d[4096];
    if (!slash) {
        *base = path;
        return stat(".", dir) == 0;
    }
    if ((size_t)(slash - path) >= sizeof d)
        return false;
    memcpy(d, path, (size_t)(slash - path));
    d[slash == path ? 1 : slash - path] = '\0';
    if (slash == path)
        d[0] = '/';
    *base = slash + 1;
    return stat(d, dir) == 0;
}

int out_refuse_database(const char *path, const char *db_path, struct oph_error *err)
{
    static const struct {
        const char *suffix, *what;
    } files[] = {{"", "the database itself"},
                 {"-wal", "the database's write-ahead log"},
                 {"-shm", "the database's shared-memory index"},
                 {"-journal", "the database's rollback journal"}};
    struct stat out, db_dir, out_dir;
    const char *db_base, *out_base;
    bool to_stdout = path == NULL || strcmp(path, "-") == 0;
    if (db_path == NULL || !*db_path)
        return 0;
    bool out_exists =
        to_stdout ? fstat(STDOUT_FILENO, &out) == 0 && S_ISREG(out.st_mode) : stat(path, &out) == 0;
    /* A file not there yet is the same only by name, in the same folder. */
    bool same_folder = !to_stdout && !out_exists && folder_of(db_path, &db_dir, &db_base) &&
                       folder_of(path, &out_dir, &out_base) && same_file(&db_dir, &out_dir);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char name[4096 + 16];
        struct stat sb;
        (void)!snprintf(name, sizeof name, "%s%s", db_path, files[i].suffix);
        bool same = out_exists ? stat(name, &sb) == 0 && same_file(&sb, &out)
                               : same_folder && strncmp(out_base, db_base, strlen(db_base)) == 0 &&
                                     strcmp(out_base + strlen(db_base), files[i].suffix) == 0;
        if (same && to_stdout)
            return oph_fail(err, OPH_DB,
                            "standard output is %s: ophamp never writes over its database",
                            files[i].what);
        if (same)
            return oph_fail(err, OPH_DB,
                            "cannot write %s: it is %s (ophamp never writes over its database)",
                            path, files[i].what);
    }
    return 0;
}

int out_open(struct out_file *o, const char *path, bool force, const char *db_path,
             struct oph_error *err)
{
    memset(o, 0, sizeof *o);
    o->force = force;
    if (path != NULL && path[0] == '\0')
        return oph_fail(err, OPH_INVALID, "the output file name is empty");
    if (out_refuse_database(path, db_path, err))
        return -1;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->to_stdout = true;
        o->fp = stdout;
        return 0;
    }
    if (strlen(path) >= sizeof o->path)
        return oph_fail(err, OPH_INVALID, "the output file name is too long");
    text_copy(o->path, sizeof o->path, path);

    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return oph_fail(err, OPH_INVALID, "%s is a folder, not a file", path);
        if (!force)
            return oph_fail(err, OPH_REFUSED, "%s already exists (--force replaces it)", path);
        if (!S_ISREG(sb.st_mode))
            return oph_fail(err, OPH_INVALID, "%s is not a regular file", path);
    }

    /* The temporary file sits beside the target, so the rename stays on one file system. */
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    (void)!snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.XXXXXX", dirlen, path,
                    slash ? slash + 1 : path);
    int fd = mkstemp(o->tmp); /* mode 0600 */
    if (fd < 0)
        return oph_fail(err, OPH_DB, "cannot write %s: %s", path, strerror(errno));
    o->fp = fdopen(fd, "w");
    if (o->fp == NULL) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        return oph_fail(err, OPH_DB, "cannot write %s: %s", path, strerror(e));
    }
    return 0;
}

int out_commit(struct out_file *o, struct oph_error *err)
{
    if (o->to_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout))
            return oph_fail(err, OPH_DB, "cannot write the output: %s", strerror(errno));
        return 0;
    }
    int e = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        e = errno ? errno : EIO;
    else if (fsync(fileno(o->fp)) != 0)
        e = errno;
    if (fclose(o->fp) != 0 && e == 0)
        e = errno;
    o->fp = NULL;
    if (e == 0) {
        if (o->force) {
            if (rename(o->tmp, o->path) != 0)
                e = errno;
        } else if (link(o->tmp, o->path) == 0) {
            /* link() never replaces: a file made meanwhile at the path is not lost. */
            unlink(o->tmp);
        } else {
            e = errno;
        }
    }
    if (e != 0) {
        unlink(o->tmp);
        if (e == EEXIST)
            return oph_fail(err, OPH_REFUSED, "%s already exists (--force replaces it)", o->path);
        return oph_fail(err, OPH_DB, "cannot write %s: %s", o->path, strerror(e));
    }
    return 0;
}

void out_abort(struct out_file *o)
{
    if (o->to_stdout) {
        fflush(stdout);
        return;
    }
    if (o->fp != NULL)
        fclose(o->fp);
    o->fp = NULL;
    unlink(o->tmp);
}
