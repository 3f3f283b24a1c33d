#!/usr/bin/env bash
# tests/fuzz/make_corpus.sh OUT [BUILD] — the seed corpus of fuzz_model: every file of every
# bundled model in its role (modes 0–5), every whole model (mode 6, the six files separated by
# "%%%%" lines), and, when BUILD (default build/) has the test suite, every bad input of
# tests/test_read_errors.c and tests/test_limits.c in the role of the file it replaces, a
# few values of risk's options (mode 255), and data/brunssum.xlsx whole and part by part
# (modes 253 and 254).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
mkdir -p "$out"
files=(segments wages providers contracts indicators budget)
for m in "$here"/data/*/; do
    name=$(basename "$m")
    [ -f "$m/segments.csv" ] || continue
    for i in 0 1 2 3 4 5; do
        f="$m/${files[$i]}.csv"
        [ -f "$f" ] || continue
        { printf "\\x0$i"; cat "$f"; } >"$out/$name-${files[$i]}"
    done
    {
        printf '\x06'
        for i in 0 1 2 3 4 5; do
            f="$m/${files[$i]}.csv"
            [ -f "$f" ] && cat "$f"
            [ $i -lt 5 ] && printf '\n%%%%%%%%\n'
        done
    } >"$out/$name-model"
done
# a few inputs the reader must refuse clearly: numbers at the edges, both delimiters
printf '\x05key,value\nbudget,1e308\nreserve,NaN\n' >"$out/edge-budget"
printf '\x05key;value\nbudget;1,5e3\n' >"$out/edge-semicolon"
printf '\x03provider,segment,current_clients,max_clients\n"unterminated,x,1,2\n' >"$out/edge-quote"
# files saved the wrong way (tests/test_limits.c): rows cut by the other delimiter, two
# byte-order marks, a decimal comma before an empty last column, and a whole model whose
# weight names an indicator indicators.csv does not have
printf '\x05key,value\nbudget;1000\nreserve;0,1\n' >"$out/edge-other-delimiter"
printf '\x02\xef\xbb\xbf\xef\xbb\xbfprovider,name,cao\nA,Alpha,vvt\n' >"$out/edge-two-boms"
printf '\x03provider,segment,current_clients,max_clients\nA,s1,6,5,\n' >"$out/edge-extra-empty"
{
    printf '\x06segment,product,intensity,complexity,clients,hours,scale\n'
    printf 's1,begeleiding,licht,basis,10,10,niveau3\n\n%%%%%%%%\n'
    printf 'cao,scale,hourly_wage\nvvt,niveau3,20\n\n%%%%%%%%\n'
    printf 'provider,cao\nA,vvt\n\n%%%%%%%%\n'
    printf 'provider,segment\nA,s1\n\n%%%%%%%%\n'
    printf 'provider,indicator,score\nA,vakmanschap,8\n\n%%%%%%%%\n'
    printf 'key,value\nyear,FY2025-Q1\nbudget,100000\nweight.vakmanschp,2\n'
} >"$out/edge-weight-typo-model"
# a workbook as the model: data/brunssum.xlsx whole (mode 253), and each of its parts in its
# role (mode 254: the part's index in fuzz_model.c's list, then its XML)
{ printf '\xfd'; cat "$here/data/brunssum.xlsx"; } >"$out/book-whole"
parts=(xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml xl/worksheets/sheet3.xml
       xl/worksheets/sheet4.xml xl/worksheets/sheet5.xml xl/worksheets/sheet6.xml
       xl/sharedStrings.xml xl/workbook.xml xl/_rels/workbook.xml.rels)
for i in "${!parts[@]}"; do
    { printf '\xfe'; printf "\\x0$i"; unzip -p "$here/data/brunssum.xlsx" "${parts[$i]}"; } \
        >"$out/book-part-$i"
done
# risk's option values (mode 255: an option's index, then its text)
printf '\xff\x04%s' 10000 >"$out/option-threads"
printf '\xff\x01%s' abc >"$out/option-seed"
printf '\xff\x00%s' 1e300 >"$out/option-runs"
printf '\xff\x03%s' nan >"$out/option-wage-sd"
bad=${2:-$here/build}/tests/test_read_errors
[ -x "$bad" ] && "$bad" --corpus "$out"
limits=${2:-$here/build}/tests/test_limits
[ -x "$limits" ] && "$limits" --corpus "$out"
echo "$(ls "$out" | wc -l) seeds in $out"
