/* Exports written safely: temporary file, fsync, rename (see outfile.h). */
#include "ophamp/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ophamp/text.h"

int out_open(struct out_file *o, const char *path, bool force, struct oph_error *err)
{
    memset(o, 0, sizeof *o);
    o->force = force;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->to_stdout = true;
        o->fp = stdout;
        return 0;
    }
    if (path[0] == '\0')
        return oph_fail(err, OPH_INVALID, "the output file name is empty");
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
