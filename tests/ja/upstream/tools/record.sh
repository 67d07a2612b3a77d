#!/bin/bash
# record.sh RULE REPO COMMIT TESTPATH...
rule=$1; repo=$2; commit=$3; shift 3
d=/tmp/upstream/$rule; rm -rf $d; mkdir -p $d
git -C /work/.mirror/${repo/\//+}/repo archive $commit | tar -x -C $d
for t in "$@"; do
  out=$d/$(dirname $t)/__rec_$(basename $t).cjs; [ "$rule" = no-mix-dearu-desumasu ] && echo "export default {};" > $d/src/no-mix-dearu-desumasu.js
  /tmp/textlint/node_modules/.bin/esbuild $d/$t --bundle --platform=node --format=cjs --outfile=$out --log-level=error \
    --external:textlint-tester --external:@textlint/tester --packages=external
  (cd $(dirname $d/$t) && REC_OUT=$d/${t//\//_}.json timeout 60 node -r /tmp/upstream/stub-hook.js $out) 2>&1 | tail -3
done
