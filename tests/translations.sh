#!/usr/bin/env bash
# tests/translations.sh SOURCE_DIR — every message a person reads has its Dutch: the words
# of the sources (_, N_, P_) collected as po/update.sh does must all be in po/nl.po,
# translated and not fuzzy, and msgfmt --check must accept the catalogue (the same
# placeholders in both languages).
set -euo pipefail
src=$1
work=$(mktemp -d /tmp/lumpsum-po-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$src"
find solver models -name '*.c' | sort >"$work/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 \
    --files-from="$work/files" -o "$work/lumpsum.pot"
msgfmt --check --statistics -o /dev/null po/nl.po 2>"$work/stats"
cat "$work/stats"
if grep -Eq "untranslated|fuzzy" "$work/stats"; then
    echo "po/nl.po has untranslated or fuzzy messages (po/update.sh, then translate)" >&2
    exit 1
fi
# every message of the sources is in the catalogue, translated
if ! msgcmp po/nl.po "$work/lumpsum.pot" 2>"$work/cmp"; then
    head -40 "$work/cmp" >&2
    echo "messages without a Dutch translation (po/update.sh, then translate)" >&2
    exit 1
fi
echo "every message has its Dutch"
