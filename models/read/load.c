#include "load.h"
#include "format.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvfile.h"
#include "i18n.h"
#include "lines.h"
#include "util.h"

_Static_assert(LS_CSV_MAX_THREADS <= LS_MAX_JOBS, "the parts' threads run by ls_run_jobs");

static void *load_part(void *arg)
{
    ls_load_part *p = arg;
    for (size_t at = p->from; at < p->to;) {
        ssize_t got = pread(p->fd, p->buf + at, p->to - at, (off_t)at);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            p->err = got < 0 ? errno : EIO;
            return NULL;
        }
        at += (size_t)got;
    }
    char *s = p->buf + p->from;
    size_t n = p->to - p->from;
    const char *first = memchr(s, '\n', n);
    p->first_nl = first ? (size_t)(first - p->buf) : SIZE_MAX;
    ls_lines_scan(s, n, &p->newlines, &p->lone_cr, &p->cr_last);
    p->quote = memchr(s, '"', n) != NULL;
    p->nul = memchr(s, '\0', n) != NULL;
    return NULL;
}

/* The file's size bytes in t parts, at once on t threads or (one_thread) one after
 * another; 0, or -1 with errno. */
static int read_parts(int fd, size_t size, int t, int one_thread, char *b, ls_load_part *parts)
{
    for (int k = 0; k < t; k++)
        parts[k] = (ls_load_part){.fd = fd,
                                  .buf = b,
                                  .from = size * (size_t)k / (size_t)t,
                                  .to = size * (size_t)(k + 1) / (size_t)t};
    if (one_thread)
        for (int k = 0; k < t; k++)
            load_part(&parts[k]);
    else
        ls_run_jobs(load_part, parts, sizeof *parts, t);
    for (int k = 0; k < t; k++)
        if (parts[k].err) {
            errno = parts[k].err;
            return -1;
        }
    return 0;
}

/* The whole file from its current offset, expected to be about size bytes (a regular file
 * may grow while it is read, and a /proc file says 0): 0; 1 when it passes
 * LS_MAX_FILE_BYTES; -1 with errno. */
static int read_whole(int fd, size_t size, char **out, size_t *out_len)
{
    size_t cap = size + 1 < ((size_t)1 << 16) ? ((size_t)1 << 16) : size + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return errno = ENOMEM, -1;
    for (;;) {
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            return errno = e, -1;
        }
        if (got == 0)
            break;
        len += (size_t)got;
        if (len > LS_MAX_FILE_BYTES) {
            free(buf);
            return 1;
        }
        if (len == cap) {
            size_t ncap = cap * 2 > LS_MAX_FILE_BYTES + 2 ? LS_MAX_FILE_BYTES + 2 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return errno = ENOMEM, -1;
            }
            buf = nb;
            cap = ncap;
        }
    }
    *out = buf;
    *out_len = len;
    return 0;
}

/* What a path that is not a regular file is, in a message's words. */
static const char *not_regular(mode_t mode)
{
    if (S_ISDIR(mode))
        return _("this is a directory, not a file");
    if (S_ISFIFO(mode))
        return _("this is a FIFO (a named pipe), not a regular file: a model file must be a "
                 "file on disk");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return _("this is a device, not a regular file: a model file must be a file on disk");
    if (S_ISSOCK(mode))
        return _("this is a socket, not a regular file: a model file must be a file on disk");
    return _("this is not a regular file: a model file must be a file on disk");
}

static int too_large(ls_errors *errs, const char *display, int more, unsigned long long bytes)
{
    char n[64];
    ls_error_add(errs, display, 1, 1,
                 more ? _("the file has more than %s bytes, more than a model file may have "
                          "(1 GiB): is this the right file?")
                      : _("the file has %s bytes, more than a model file may have (1 GiB): is "
                          "this the right file?"),
                 ls_format_number(n, sizeof n, (double)bytes, 0, ls_text_style()));
    return LS_EINPUT;
}

static int load_file(const char *path, const char *display, int threads, int one_thread,
                     size_t min_parallel, char **buf, size_t *len, ls_load_part *parts,
                     int *in_parts, int *found, ls_errors *errs)
{
    *in_parts = 0;
    /* O_NONBLOCK: opening a FIFO without a writer (or a device) would wait for ever; the
     * file is refused below before anything is read from it */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT && found) {
            *found = 0;
            return LS_OK;
        }
        if (errno == ENOMEM)
            return LS_EINTERNAL;
        ls_error_add(errs, display, 1, 1, _("cannot read the file: %s"), strerror(errno));
        return LS_EINPUT;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ls_error_add(errs, display, 1, 1, _("cannot read the file: %s"), strerror(errno));
        close(fd);
        return LS_EINPUT;
    }
    if (!S_ISREG(st.st_mode)) {
        ls_error_add(errs, display, 1, 1, "%s", not_regular(st.st_mode));
        close(fd);
        return LS_EINPUT;
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > LS_MAX_FILE_BYTES) {
        close(fd);
        return too_large(errs, display, 0, (unsigned long long)st.st_size);
    }
    /* a regular file never blocks; clear the flag all the same for the reads below */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    size_t size = (size_t)st.st_size;
    int rc;
    /* a buffer the caller made (*buf, *len bytes) is used when the file fits, else freed */
    char *given = *buf;
    size_t given_len = *len;
    *buf = NULL;
    if (threads > 1 && size > 0 && size >= min_parallel) {
        char *b = given && given_len >= size + 1 ? given : malloc(size + 1);
        if (b != given)
            free(given);
        rc = b ? read_parts(fd, size, threads, one_thread, b, parts) : (errno = ENOMEM, -1);
        if (rc == 0) {
            *buf = b;
            *len = size;
            *in_parts = 1;
        } else {
            free(b);
        }
    } else {
        free(given);
        rc = read_whole(fd, size, buf, len);
    }
    int e = errno;
    close(fd);
    if (rc == 1)
        return too_large(errs, display, 1, (unsigned long long)LS_MAX_FILE_BYTES);
    if (rc < 0) {
        if (e == ENOMEM)
            return LS_EINTERNAL;
        ls_error_add(errs, display, 1, 1, _("cannot read the file: %s"), strerror(e));
        return LS_EINPUT;
    }
    return LS_OK;
}

int ls_load_file(const char *path, const char *display, int threads, size_t min_parallel,
                 char **buf, size_t *len, ls_load_part *parts, int *in_parts, int *found,
                 ls_errors *errs)
{
    *buf = NULL, *len = 0;
    return load_file(path, display, threads, 0, min_parallel, buf, len, parts, in_parts, found,
                     errs);
}

static void *load_ahead(void *arg)
{
    ls_loaded *l = arg;
    l->rc = load_file(l->path, l->path, l->threads, 1, l->min_parallel, &l->buf, &l->len, l->parts,
                      &l->in_parts, &l->found, &l->errs);
    return NULL;
}

int ls_load_ahead(ls_loaded *l, const char *path, int threads, size_t min_parallel)
{
    memset(l, 0, sizeof *l);
    struct stat st;
    /* (what the file turns out to be when it is read is the load's to say, as ever) */
    if (threads < 2 || threads > LS_CSV_MAX_THREADS || stat(path, &st) != 0 ||
        !S_ISREG(st.st_mode) || st.st_size <= 0 || (size_t)st.st_size < min_parallel ||
        (size_t)st.st_size > LS_MAX_FILE_BYTES)
        return -1;
    l->path = strdup(path);
    l->threads = threads, l->min_parallel = min_parallel, l->found = 1;
    /* the buffer made here, not on the thread: memory a thread takes goes to an arena of its
     * own, and on the country the plan's peak was 11 MB higher for it */
    l->len = (size_t)st.st_size + 1;
    l->buf = malloc(l->len);
    if (l->path && l->buf && pthread_create(&l->thread, NULL, load_ahead, l) == 0)
        return 0;
    free(l->path);
    free(l->buf);
    l->path = l->buf = NULL;
    return -1;
}

void ls_load_wait(ls_loaded *l)
{
    if (!l->path)
        return;
    pthread_join(l->thread, NULL);
    free(l->path);
    l->path = NULL;
}

void ls_load_free(ls_loaded *l)
{
    ls_load_wait(l);
    free(l->buf);
    l->buf = NULL;
    ls_errors_clear(&l->errs);
}
