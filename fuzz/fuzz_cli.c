/* Fuzzes the command line through the real cli_main(): option parsing, the value parsers and
 * every command's handler, against a fresh copy of a small database (three people and one
 * case, OPH-2026-00001) in a private temporary folder, with the clock fixed at 2026-04-08 10:00.
 *
 * Input: the arguments after `ophamp --db ophamp.db`, one a line. Skipped: inputs with no
 * argument (that would open the terminal front end), more than 64 arguments, a '/' anywhere
 * (so every file a command writes, e.g. export -o NAME, stays inside the private folder) and
 * the demo command (its cost grows with --cases; its parsing is the shared opt_int). A --db
 * in the input is refused by cli_main as given twice.
 *
 * cli_main prints: run with -close_fd_mask=3 (scripts/fuzz.sh does) to keep the output
 * quiet; sanitizer and libFuzzer reports still come through. */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <unistd.h>

#include "fuzz_support.h"
#include "ophamp/cli.h"

enum { MAX_ARGS = 64 };

static char workdir[4096];
static int work_fd = -1, home_fd = -1;
static unsigned char *seed_db;
static size_t seed_len;

static void die(const char *what)
{
    fprintf(stderr, "fuzz_cli: %s\n", what);
    abort();
}

/* Removes every file of the private folder (commands create no subfolders in it). */
static void clear_workdir(void)
{
    DIR *d = fdopendir(dup(work_fd));
    if (!d)
        die("cannot read the private folder");
    rewinddir(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            unlinkat(work_fd, e->d_name, 0) != 0)
            unlinkat(work_fd, e->d_name, AT_REMOVEDIR);
    closedir(d);
}

static void remove_workdir(void)
{
    if (work_fd < 0)
        return;
    clear_workdir();
    close(work_fd);
    work_fd = -1;
    rmdir(workdir);
}

static int run(int argc, const char *const *args)
{
    char *argv[MAX_ARGS + 5];
    int n = 0;
    argv[n++] = "ophamp";
    argv[n++] = "--db";
    argv[n++] = "ophamp.db";
    /* Each argument in a block of its own size, so a read past its end is caught. */
    for (int i = 0; i < argc; i++) {
        size_t len = strlen(args[i]) + 1;
        if (!(argv[n] = malloc(len)))
            abort();
        memcpy(argv[n++], args[i], len);
    }
    argv[n] = NULL;
    if (fchdir(work_fd) != 0)
        die("cannot enter the private folder");
    int rc = cli_main(n, argv, NULL); /* no terminal front end: no command is a usage error */
    if (fchdir(home_fd) != 0)
        die("cannot return to the starting folder");
    for (int i = 3; i < n; i++)
        free(argv[i]);
    return rc;
}

/* Builds the seed database once through the command line itself, and keeps its bytes. */
static void make_seed(void)
{
    static const char *const setup[][16] = {
        {"whoami", "1001", "--name", "Alice Victim", "--team", "Response A"},
        {"person", "add", "--name", "Bob Sergeant", "--number", "2001", "--rank", "Sergeant"},
        {"person", "add", "--name", "Carol Investigator", "--number", "3001", "--role", "staff"},
        {"case", "new", "--victim", "1001", "--supervisor", "2001", "--occurred",
         "2026-04-07 21:30", "--location", "High Street", "--injury", "minor", "--summary",
         "Punched while making an arrest"},
        {"evidence", "add", "OPH-2026-00001", "--kind", "bwv"},
        {"note", "add", "OPH-2026-00001", "Statement booked for Friday"},
        {"case", "decision", "OPH-2026-00001", "arrest"},
    };
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
    if (saved < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0)
        die("cannot quieten the output");
    close(null);
    for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
        int argc = 0;
        while (argc < 16 && setup[i][argc])
            argc++;
        if (run(argc, setup[i]) != 0)
            die("cannot build the seed database");
    }
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);

    int fd = openat(work_fd, "ophamp.db", O_RDONLY);
    off_t end = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
    if (end <= 0 || !(seed_db = malloc((size_t)end)) ||
        pread(fd, seed_db, (size_t)end, 0) != (ssize_t)end)
        die("cannot read the seed database");
    seed_len = (size_t)end;
    close(fd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(workdir, sizeof workdir, "%s/ophamp-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(workdir))
        die("cannot make a private folder");
    if ((work_fd = open(workdir, O_RDONLY | O_DIRECTORY)) < 0 ||
        (home_fd = open(".", O_RDONLY | O_DIRECTORY)) < 0)
        die("cannot open the folders");
    atexit(remove_workdir);
    /* Nothing from the environment may point the program elsewhere or change its clock. */
    unsetenv("OPHAMP_DB");
    setenv("OPHAMP_NOW", "2026-04-08 10:00", 1);
    setenv("HOME", workdir, 1);
    setenv("XDG_DATA_HOME", workdir, 1);
    setenv("XDG_STATE_HOME", workdir, 1); /* the log's head file */
    setenv("NO_COLOR", "1", 1);
    make_seed();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || memchr(data, '/', size))
        return 0;
    char *text = fuzz_string(data, size);
    const char *args[MAX_ARGS];
    int argc = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (argc == MAX_ARGS || strcmp(line, "demo") == 0) {
            free(text);
            return 0;
        }
        args[argc++] = line;
    }
    /* A trailing newline ends the last argument rather than adding an empty one. */
    if (argc > 1 && size > 0 && data[size - 1] == '\n')
        argc--;

    clear_workdir();
    int fd = openat(work_fd, "ophamp.db", O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || write(fd, seed_db, seed_len) != (ssize_t)seed_len || close(fd) != 0)
        die("cannot copy the seed database");
    int rc = run(argc, args);
    FUZZ_CHECK(rc >= 0 && rc <= 3);
    free(text);
    return 0;
}
