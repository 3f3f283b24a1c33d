#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* The longest name a temporary file adds to its target's: ".", ".lumpsum-", a pid, a dot
 * and mkstemp's six random characters. */
#define TEMP_EXTRA 40

/* renameat2 through syscall: glibc declares it only under _GNU_SOURCE. -1 with errno EINVAL
 * or ENOSYS where the kernel or the file system has no such rename. */
static int rename2(const char *from, const char *to, unsigned flags)
{
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
    (void)from, (void)to, (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    char *s = malloc(dl + strlen(name) + 2);
    if (s)
        sprintf(s, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
    return s;
}

/* The folder path is in ("." for a bare name; "/" for one in the root) and where its last
 * name begins; a trailing '/' is not part of the name. NULL when out of memory. */
static char *parent_of(const char *path, const char **base, size_t *base_len)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    *base = path + b;
    *base_len = n - b;
    if (b == 0)
        return strdup(".");
    size_t pl = b > 1 ? b - 1 : 1;
    char *p = malloc(pl + 1);
    if (p) {
        memcpy(p, path, pl);
        p[pl] = '\0';
    }
    return p;
}

/* An empty path (--out '': no path, not the current folder), or a path or a name too long
 * for the system once a temporary suffix is added. */
static int bad_name(const char *path, ls_errors *errs)
{
    if (!*path) {
        ls_error_add(errs, NULL, 0, 0, _("the output path is empty: give a file or a folder"));
        return 1;
    }
    const char *base;
    size_t base_len;
    size_t n = strlen(path);
    char *parent = parent_of(path, &base, &base_len);
    free(parent);
    if (n + TEMP_EXTRA < PATH_MAX && base_len + TEMP_EXTRA < NAME_MAX)
        return 0;
    ls_error_add(errs, NULL, 0, 0,
                 _("the output name is too long (%zu characters; a path may have %d and a name "
                   "%d, less %d for lumpsum's temporary files)"),
                 n, PATH_MAX - 1, NAME_MAX, TEMP_EXTRA);
    return 1;
}

/* Removes dir's files and dir (one level: lumpsum's temporary folders hold files only). */
static void remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = join(dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Removes the temporary files and folders beside path ("." BASE ".lumpsum-PID-…") whose
 * process no longer runs: what a kill -9 left. */
static void remove_stale(const char *parent, const char *base, size_t base_len)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        const char *s = e->d_name;
        if (s[0] != '.' || strncmp(s + 1, base, base_len) != 0 ||
            strncmp(s + 1 + base_len, ".lumpsum-", 9) != 0)
            continue;
        char *end;
        long pid = strtol(s + 1 + base_len + 9, &end, 10);
        if (end == s + 1 + base_len + 9 || *end != '-' || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* running (or not ours to ask about): leave it */
        char *p = join(parent, s);
        struct stat st;
        if (p && lstat(p, &st) == 0)
            S_ISDIR(st.st_mode) ? remove_folder(p) : (void)unlink(p);
        free(p);
    }
    closedir(d);
}

char *ls_output_temp_name(const char *path)
{
    const char *base;
    size_t base_len;
    char *parent = parent_of(path, &base, &base_len);
    if (!parent)
        return NULL;
    remove_stale(parent, base, base_len);
    size_t n = strlen(parent) + base_len + TEMP_EXTRA;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%s/.%.*s.lumpsum-%ld-" LS_MKSTEMP_SUFFIX, parent, (int)base_len, base,
                 (long)getpid());
    free(parent);
    return t;
}

/* Why a path that exists cannot be replaced by an output; NULL when it can. */
static const char *not_for_output(const struct stat *st)
{
    if (S_ISLNK(st->st_mode))
        return _("is a symbolic link: lumpsum does not replace links (give the path it points "
                 "to)");
    if (S_ISDIR(st->st_mode))
        return _("is a directory: give a file name");
    if (S_ISFIFO(st->st_mode))
        return _("is a FIFO (a named pipe): lumpsum writes only to regular files or new paths");
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return _("is a device: lumpsum writes only to regular files or new paths");
    if (!S_ISREG(st->st_mode))
        return _("is not a regular file: lumpsum writes only to regular files or new paths");
    if (!(st->st_mode & 0222))
        return _("is read-only: lumpsum does not replace a file its owner protected");
    return NULL;
}

static mode_t current_umask(void)
{
    mode_t mask = umask(022); /* umask can only be read by setting it */
    umask(mask);
    return mask;
}

static mode_t new_file_mode(void)
{
    return 0666 & ~current_umask();
}

/* The folder a new path goes into must exist (and be a folder). */
static int parent_exists(const char *path, ls_errors *errs)
{
    const char *base;
    size_t base_len;
    char *parent = parent_of(path, &base, &base_len);
    if (!parent)
        return LS_EINTERNAL;
    struct stat st;
    int rc = LS_OK;
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ls_error_add(errs, path, 0, 0, _("cannot write here: the folder %s does not exist"),
                     parent);
        rc = LS_EUSAGE;
    }
    free(parent);
    return rc;
}

int ls_output_check(const char *path, mode_t *mode, ls_errors *errs)
{
    size_t n = strlen(path);
    if (bad_name(path, errs))
        return LS_EUSAGE;
    if (path[n - 1] == '/') {
        ls_error_add(errs, path, 0, 0, _("is a directory: give a file name"));
        return LS_EUSAGE;
    }
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) {
            ls_error_add(errs, path, 0, 0, _("cannot write here: %s"), strerror(errno));
            return LS_EUSAGE;
        }
        *mode = new_file_mode();
        return parent_exists(path, errs);
    }
    const char *why = not_for_output(&st);
    if (why) {
        ls_error_add(errs, path, 0, 0, "%s", why);
        return LS_EUSAGE;
    }
    *mode = st.st_mode & 07777;
    return LS_OK;
}

/* Writes fn's file i into a new file at path (mode given); 0, or errno. */
static int write_new(const char *path, int excl, mode_t mode, void (*fn)(FILE *f, int i, void *ctx),
                     int i, void *ctx)
{
    int fd =
        excl ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode) : mkstemp((char *)path);
    if (fd < 0)
        return errno ? errno : EIO;
    if (!excl)
        (void)fchmod(fd, mode); /* mkstemp's 0600 would narrow a shared file */
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        return e;
    }
    fn(f, i, ctx);
    int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
    int e = errno;
    bad |= fclose(f) != 0;
    return bad ? (e ? e : EIO) : 0;
}

int ls_write_file(const char *path, void (*fn)(FILE *f, int i, void *ctx), void *ctx,
                  ls_errors *errs)
{
    mode_t mode;
    int rc = ls_output_check(path, &mode, errs);
    if (rc != LS_OK)
        return rc;
    char *tmp = ls_output_temp_name(path);
    if (!tmp)
        return LS_EINTERNAL;
    errno = 0;
    int e = write_new(tmp, 0, mode, fn, 0, ctx);
    if (e == 0 && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        ls_error_add(errs, path, 0, 0, _("cannot write: %s"), strerror(e));
        rc = e == EACCES || e == EROFS || e == EPERM || e == ENOENT ? LS_EUSAGE : LS_EINTERNAL;
    }
    free(tmp);
    return rc;
}

/* ---- the model being read is no output ---------------------------------------------------- */

/* The tables of a model folder, as models/read/read.c reads them. The first MARKERS mark a
 * folder as a model's: segments.csv is also a plan output, and indicators.csv is optional. */
static const char *const model_tables[] = {"budget.csv",    "wages.csv",    "providers.csv",
                                           "contracts.csv", "segments.csv", "indicators.csv"};
#define N_TABLES (sizeof model_tables / sizeof *model_tables)
#define MARKERS 4

/* The first of model_tables[0..n) that dir holds (in that fixed order, so that a message does
 * not depend on the directory's), except those the set names writes; NULL when none. */
static const char *table_in(const char *dir, size_t n, const char *const *names, int n_names);

const char *ls_model_table_in(const char *dir)
{
    return table_in(dir, N_TABLES, NULL, 0);
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* A new file target in a model folder under the name of a table it lacks (an optional one,
 * indicators.csv): the next read would take it for the table. Its reason in errs. */
static int new_table(const char *model, const struct stat *ms, const char *target, ls_errors *errs)
{
    const char *slash = strrchr(target, '/'), *name = slash ? slash + 1 : target;
    size_t k = 0;
    while (k < N_TABLES && strcmp(name, model_tables[k]) != 0)
        k++;
    if (k == N_TABLES || !S_ISDIR(ms->st_mode))
        return LS_OK;
    char *dir = slash ? strndup(target, (size_t)(slash - target) + (slash == target)) : strdup(".");
    struct stat ds;
    if (!dir)
        return LS_EINTERNAL;
    int same = stat(dir, &ds) == 0 && same_file(&ds, ms);
    free(dir);
    if (!same)
        return LS_OK;
    ls_error_add(errs, target, 0, 0,
                 _("would be read as one of the model's input files (%s in %s): give another "
                   "name"),
                 model_tables[k], model);
    return LS_EUSAGE;
}

/* Would writing target (a file) replace one of the model's files? Its reason in errs. */
static int spares_model(const char *model, const struct stat *ms, const char *target,
                        ls_errors *errs)
{
    struct stat st;
    if (stat(target, &st) != 0)
        return new_table(model, ms, target, errs); /* a new name replaces nothing */
    if (!S_ISDIR(ms->st_mode)) {
        if (!same_file(&st, ms))
            return LS_OK;
        ls_error_add(errs, target, 0, 0,
                     _("is the workbook the model is read from (%s): the output would replace "
                       "it; give another name"),
                     model);
        return LS_EUSAGE;
    }
    int rc = LS_OK;
    for (size_t k = 0; k < N_TABLES && rc == LS_OK; k++) {
        char *p = join(model, model_tables[k]);
        struct stat ts;
        if (!p)
            return LS_EINTERNAL;
        if (stat(p, &ts) == 0 && same_file(&st, &ts)) {
            ls_error_add(errs, target, 0, 0,
                         _("is one of the model's input files (%s): the output would replace "
                           "it; give another name"),
                         p);
            rc = LS_EUSAGE;
        }
        free(p);
    }
    return rc;
}

int ls_output_spares_model(const char *model, const char *path, const char *const *names, int n,
                           ls_errors *errs)
{
    struct stat ms, st;
    if (!model || !path || stat(model, &ms) != 0)
        return LS_OK; /* no model, nothing to replace: reading it says why */
    if (!names)
        return spares_model(model, &ms, path, errs);
    if (stat(path, &st) == 0 && S_ISDIR(ms.st_mode) && same_file(&st, &ms)) {
        const char *table = table_in(model, N_TABLES, NULL, 0);
        ls_error_add(errs, path, 0, 0,
                     _("holds a model's input files (%s): the outputs would replace the "
                       "model's own; give another folder for them"),
                     table ? table : model_tables[0]);
        return LS_EUSAGE;
    }
    int rc = LS_OK;
    for (int i = 0; i < n && rc == LS_OK; i++) {
        char *p = join(path, names[i]);
        rc = p ? spares_model(model, &ms, p, errs) : LS_EINTERNAL;
        free(p);
    }
    return rc;
}

/* ---- a set of files in a folder ----------------------------------------------------------- */

static int is_written(const char *name, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static const char *table_in(const char *dir, size_t n, const char *const *names, int n_names)
{
    const char *found = NULL;
    for (size_t k = 0; k < n && !found; k++) {
        char *p = join(dir, model_tables[k]);
        struct stat st;
        if (p && !is_written(model_tables[k], names, n_names) && lstat(p, &st) == 0)
            found = model_tables[k];
        free(p);
    }
    return found;
}

/* Checks an existing output folder: no model input beside the set (unless the set is a
 * model), nothing the set writes that is a directory or read-only, nothing that cannot be
 * carried over. Every file is checked before any is written. */
static int check_folder(const char *dir, const char *const *names, int n, ls_errors *errs)
{
    DIR *d = opendir(dir);
    if (!d) {
        ls_error_add(errs, dir, 0, 0, _("cannot write here: %s"), strerror(errno));
        return LS_EUSAGE;
    }
    int rc = LS_OK;
    const char *table = table_in(dir, MARKERS, names, n);
    if (table) {
        ls_error_add(errs, dir, 0, 0,
                     _("holds a model's input files (%s): the outputs would replace the "
                       "model's own; give another folder for them"),
                     table);
        rc = LS_EUSAGE;
    }
    for (struct dirent *e; rc == LS_OK && (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int written = is_written(e->d_name, names, n);
        char *p = join(dir, e->d_name);
        struct stat st;
        if (!p || lstat(p, &st) != 0) {
            free(p);
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            if (written && S_ISDIR(st.st_mode))
                ls_error_add(errs, p, 0, 0, _("is a directory: give a file name"));
            else
                ls_error_add(errs, p, 0, 0,
                             _("is not a regular file: an output folder holds "
                               "lumpsum's files (and other plain files) only"));
            rc = LS_EUSAGE;
        } else if (written && !(st.st_mode & 0222)) { /* as a single file's (not_for_output) */
            ls_error_add(errs, p, 0, 0, "%s", not_for_output(&st));
            rc = LS_EUSAGE;
        }
        free(p);
    }
    closedir(d);
    return rc;
}

/* How many names the list drop (ended by NULL, or NULL) holds. */
static int count_names(const char *const *drop)
{
    int n = 0;
    while (drop && drop[n])
        n++;
    return n;
}

/* Whether the file dir/name of the list drop goes: a regular file its owner did not make
 * read-only (one protected stays, as a file of the set that is read-only is refused). */
static int dropped(const char *dir, const char *name, const char *const *drop)
{
    if (!is_written(name, drop, count_names(drop)))
        return 0;
    char *p = join(dir, name);
    struct stat st;
    int gone = p && lstat(p, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0222);
    free(p);
    return gone;
}

/* Hard-links dir's regular files that the set does not write (nor drop) into staged, so that
 * the exchange keeps them. 0, or errno. */
static int carry_over(const char *dir, const char *staged, const char *const *names, int n,
                      const char *const *drop)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno;
    int err = 0;
    for (struct dirent *e; !err && (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            is_written(e->d_name, names, n) || dropped(dir, e->d_name, drop))
            continue;
        char *from = join(dir, e->d_name), *to = join(staged, e->d_name);
        struct stat st;
        if (!from || !to)
            err = ENOMEM;
        else if (lstat(from, &st) == 0 && S_ISREG(st.st_mode) && link(from, to) != 0)
            err = errno;
        free(from);
        free(to);
    }
    closedir(d);
    return err;
}

/* Without an exchange (a file system or kernel without renameat2): each new file renamed
 * into dir, one by one, as before, and then the dropped ones removed. */
static int move_each(const char *staged, const char *dir, const char *const *names, int n,
                     const char *const *drop)
{
    for (int i = 0; i < n; i++) {
        char *from = join(staged, names[i]), *to = join(dir, names[i]);
        int e = !from || !to ? ENOMEM : rename(from, to) != 0 ? errno : 0;
        free(from);
        free(to);
        if (e)
            return e;
    }
    for (int i = 0; drop && drop[i]; i++) {
        if (!dropped(dir, drop[i], drop))
            continue;
        char *gone = join(dir, drop[i]);
        int e = !gone ? ENOMEM : unlink(gone) != 0 && errno != ENOENT ? errno : 0;
        free(gone);
        if (e)
            return e;
    }
    return 0;
}

static void sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Puts the staged folder in dir's place: exchanged with the old one, or renamed where there
 * was none. 0, or errno. */
static int commit(const char *staged, const char *dir, int existed, mode_t mode,
                  const char *const *names, int n, const char *const *drop)
{
    (void)chmod(staged, mode);
    if (!existed) {
        if (rename2(staged, dir, RENAME_NOREPLACE) == 0)
            return 0;
        if (errno != EINVAL && errno != ENOSYS)
            return errno;
        return rename(staged, dir) == 0 ? 0 : errno;
    }
    int e = carry_over(dir, staged, names, n, drop);
    if (e == 0 && rename2(staged, dir, RENAME_EXCHANGE) == 0)
        return 0;
    if (e == 0)
        e = errno;
    if (e != EINVAL && e != ENOSYS && e != EPERM && e != EXDEV && e != EMLINK)
        return e;
    return move_each(staged, dir, names, n, drop);
}

/* ls_output_set_check, and whether dir exists (*st its status then). */
static int check_set(const char *dir, const char *const *names, int n, int *existed,
                     struct stat *st, ls_errors *errs)
{
    if (bad_name(dir, errs))
        return LS_EUSAGE;
    *existed = lstat(dir, st) == 0;
    if (!*existed && errno != ENOENT) {
        ls_error_add(errs, dir, 0, 0, _("cannot create the output directory: %s"), strerror(errno));
        return LS_EUSAGE;
    }
    if (*existed && !S_ISDIR(st->st_mode)) {
        ls_error_add(errs, dir, 0, 0, "%s",
                     S_ISLNK(st->st_mode) ? _("is a symbolic link: give the folder it points to")
                                          : _("cannot write the outputs here: it is not a folder"));
        return LS_EUSAGE;
    }
    return *existed ? check_folder(dir, names, n, errs) : parent_exists(dir, errs);
}

int ls_output_set_check(const char *dir, const char *const *names, int n, ls_errors *errs)
{
    int existed;
    struct stat st;
    return check_set(dir, names, n, &existed, &st, errs);
}

int ls_write_set(const char *dir, const char *const *names, int n, const char *const *drop,
                 void (*fn)(FILE *f, int i, void *ctx), void *ctx, int (*before)(void *before_ctx),
                 void *before_ctx, ls_errors *errs)
{
    struct stat st;
    int existed;
    int rc = check_set(dir, names, n, &existed, &st, errs);
    if (rc != LS_OK)
        return rc;
    mode_t mode = existed ? st.st_mode & 07777 : 0777 & ~current_umask();
    char *staged = ls_output_temp_name(dir);
    if (!staged)
        return LS_EINTERNAL;
    if (!mkdtemp(staged)) {
        ls_error_add(errs, dir, 0, 0, _("cannot create the output directory: %s"), strerror(errno));
        free(staged);
        return LS_EUSAGE;
    }
    mode_t file_mode = new_file_mode();
    for (int i = 0; i < n && rc == LS_OK; i++) {
        char *p = join(staged, names[i]), *final = join(dir, names[i]);
        errno = 0;
        int e = p && final ? write_new(p, 1, file_mode, fn, i, ctx) : ENOMEM;
        if (e) {
            ls_error_add(errs, final ? final : dir, 0, 0, _("cannot write: %s"), strerror(e));
            rc = e == ENOMEM ? LS_EINTERNAL : e == EACCES || e == EROFS ? LS_EUSAGE : LS_EINTERNAL;
        }
        free(p);
        free(final);
    }
    if (rc == LS_OK) {
        sync_folder(staged);
        if (before)
            rc = before(before_ctx);
    }
    if (rc == LS_OK) {
        int e = commit(staged, dir, existed, mode, names, n, drop);
        if (e) {
            ls_error_add(errs, dir, 0, 0, _("cannot write: %s"), strerror(e));
            rc = LS_EINTERNAL;
        } else {
            const char *base;
            size_t base_len;
            char *parent = parent_of(dir, &base, &base_len);
            if (parent)
                sync_folder(parent);
            free(parent);
        }
    }
    remove_folder(staged); /* the old files after an exchange; the new ones after a failure */
    free(staged);
    return rc;
}

int ls_write_files(const char *dir, const char *const *names, int n,
                   void (*fn)(FILE *f, int i, void *ctx), void *ctx, ls_errors *errs)
{
    return ls_write_set(dir, names, n, NULL, fn, ctx, NULL, NULL, errs);
}
