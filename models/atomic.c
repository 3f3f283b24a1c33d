#include "atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int ls_write_files(const char *dir, const char *const *names, int n,
                   void (*fn)(FILE *f, int i, void *ctx), void *ctx, ls_errors *errs)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        ls_error_add(errs, dir, 0, 0, "cannot create the output directory: %s", strerror(errno));
        return LS_EUSAGE;
    }
    size_t dl = strlen(dir);
    const char *sep = (dl && dir[dl - 1] == '/') ? "" : "/";
    char(*tmp)[4096] = calloc((size_t)n, sizeof *tmp);
    char(*final)[4096] = calloc((size_t)n, sizeof *final);
    if (!tmp || !final) {
        free(tmp);
        free(final);
        return LS_EINTERNAL;
    }
    int made = 0, rc = LS_OK;
    /* a target that is a directory would fail only at the rename, after others were
     * replaced: refuse it before anything is written */
    for (int i = 0; i < n && rc == LS_OK; i++) {
        struct stat st;
        snprintf(final[i], sizeof final[i], "%s%s%s", dir, sep, names[i]);
        if (stat(final[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            ls_error_add(errs, final[i], 0, 0, "is a directory: give a file name");
            rc = LS_EUSAGE;
        }
    }
    for (int i = 0; i < n && rc == LS_OK; i++) {
        snprintf(tmp[i], sizeof tmp[i], "%s%s.%s." LS_MKSTEMP_SUFFIX, dir, sep, names[i]);
        int fd = ls_mkstemp_output(tmp[i]);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f) {
            if (fd >= 0)
                close(fd);
            ls_error_add(errs, final[i], 0, 0, "cannot create the file: %s", strerror(errno));
            rc = LS_EUSAGE; /* the path the user gave cannot take a file */
            break;
        }
        made = i + 1;
        fn(f, i, ctx);
        int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
        bad |= fclose(f) != 0;
        if (bad) {
            ls_error_add(errs, final[i], 0, 0, "cannot write: %s", strerror(errno));
            rc = LS_EINTERNAL;
        }
    }
    for (int i = 0; i < made; i++) {
        if (rc == LS_OK && rename(tmp[i], final[i]) != 0) {
            ls_error_add(errs, final[i], 0, 0, "cannot write: %s", strerror(errno));
            rc = LS_EINTERNAL;
        }
        if (rc != LS_OK)
            unlink(tmp[i]);
    }
    free(tmp);
    free(final);
    return rc;
}
