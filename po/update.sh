#!/usr/bin/env bash
# po/update.sh — collects every _("…"), N_("…") and P_("…", "…", n) of the sources into
# po/lumpsum.pot and merges it into each po/<lang>.po (new words come in untranslated, so the
# translations test fails until they are translated). Run it after changing a message.
set -euo pipefail
cd "$(dirname "$0")/.."
find solver models -name '*.c' | sort >po/POTFILES
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 \
    --add-comments=TRANSLATORS: --package-name=lumpsum --sort-by-file \
    --files-from=po/POTFILES -o po/lumpsum.pot
rm po/POTFILES
for po in po/*.po; do
    msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" po/lumpsum.pot
done
