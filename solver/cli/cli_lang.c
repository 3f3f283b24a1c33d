/*
 * cli_lang.c — the language a person reads: --lang nl|en, else the locale (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG), through GNU gettext's domain "lumpsum".
 *
 * Only the messages' category is set from the environment (and the character type, for
 * UTF-8): numbers are parsed and written by lumpsum itself, never by the C locale, so
 * LC_NUMERIC stays "C" whatever the user's locale says.
 */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "format.h"
#include "i18n.h"

/* Where lumpsum.mo lives: beside the program in the build tree (share/locale), or the
 * installed share/locale one folder up from bin/; NULL when neither has the Dutch. */
static const char *locale_dir(char *buf, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    static const char *const tries[] = {"%s/share/locale", "%s/../share/locale"};
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
        char mo[PATH_MAX + 64];
        int w = snprintf(buf, size, tries[i], exe);
        if (w < 0 || (size_t)w >= size) /* a path too long for buf is no locale folder */
            continue;
        w = snprintf(mo, sizeof mo, "%s/nl/LC_MESSAGES/" LS_TEXT_DOMAIN ".mo", buf);
        if (w >= 0 && (size_t)w < sizeof mo && access(mo, R_OK) == 0)
            return buf;
    }
    return NULL;
}

/* The language the environment asks for, "nl" or "en" by its first two letters; NULL when
 * it asks for neither (English then). */
static const char *environment_language(void)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "nl", 2) == 0 ? "nl" : strncmp(v, "en", 2) == 0 ? "en" : NULL;
    }
    return NULL;
}

int ls_cli_language(int *argc, char **argv)
{
    const char *lang = NULL;
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--lang") == 0 && i + 1 < *argc)
            lang = argv[++i];
        else if (strncmp(a, "--lang=", 7) == 0)
            lang = a + 7;
        else if (strcmp(a, "--lang") == 0)
            lang = "";
        else
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    if (lang && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "lumpsum: --lang must be nl or en, not '%s'\n", lang); /* no language yet */
        return -1;
    }
    int explicit = lang != NULL;
    if (!lang)
        lang = environment_language();
    setlocale(LC_CTYPE, "");
    /* the messages' category must name a locale other than C for gettext to translate; the
     * user's own may not be generated on this machine, C.UTF-8 always is */
    if (!setlocale(LC_MESSAGES, "") || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
        strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", lang ? lang : "en", 1);
    char dir[PATH_MAX];
    const char *where = locale_dir(dir, sizeof dir);
    if (where)
        bindtextdomain(LS_TEXT_DOMAIN, where);
    bind_textdomain_codeset(LS_TEXT_DOMAIN, "UTF-8");
    /* Dutch asked for by name, but no catalogue has it (a program copied without its
     * share/locale): said, rather than an English report the reader did not ask for */
    if (explicit && strcmp(lang, "nl") == 0 && ls_text_style() != LS_STYLE_NL)
        fputs("lumpsum: warning: --lang nl, but the Dutch messages (share/locale/nl/"
              "LC_MESSAGES/" LS_TEXT_DOMAIN ".mo beside the program or one folder up) are not "
              "there: messages and numbers stay in English\n",
              stderr);
    return 0;
}
