#!/usr/bin/env bash
# One recipe run of the MNIST DCGAN example plus its gan-metrics score.
# usage: bench/gan-train/recipes/ablate.sh NAME [CLI flags...]
# Writes runs/recipes/NAME/{log.txt,score.json,samples-final.png} (runs/ is ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../../.."
name=$1; shift
out=runs/recipes/$name
rm -rf "$out"; mkdir -p "$out"
{
  echo "# $(date -u +%FT%TZ) $name: $*"
  echo "# uptime before: $(uptime)"
  /usr/bin/time -f "# process: %e s wall, %U s user, %S s sys" \
    node examples/mnist-dcgan/dist/cli.js --backend wasm --offline --quiet --export-samples 10000 --out "$out" "$@"
  echo "# uptime after: $(uptime)"
} > "$out/log.txt" 2>&1
features=mnist
case " $* " in *" fashion-mnist "*) features=fashion-mnist ;; esac
extra=()
[ "$features" = fashion-mnist ] && extra=(--reference fashion-mnist-train)
# Conditional runs write the requested classes beside the samples: score the agreement too.
[ -f "$out/samples-labels-idx1-ubyte" ] && extra+=(--labels "$out/samples-labels-idx1-ubyte")
node packages/gan-metrics/dist/cli.js --fake "$out/samples-idx3-ubyte" --features "$features" "${extra[@]}" --backend wasm --json > "$out/score.json"
node -e '
const s = require(process.argv[1] + "/score.json");
const log = require("fs").readFileSync(process.argv[1] + "/log.txt", "utf8");
const t = /trained (\d+) steps in ([\d.]+) s \(([\d.]+) images\/s, ([\d.]+) per CPU second\)/.exec(log);
console.log([process.argv[2], "FID " + s.fid.toFixed(2), "KID " + s.kid.toFixed(3), "P/R " + s.precision.toFixed(3) + "/" + s.recall.toFixed(3), "cov " + s.coverage.toFixed(3), "classes " + s.classesCovered, "agree " + (s.classAgreement == null ? "-" : s.classAgreement.toFixed(3)), "conf " + s.confidentShare.toFixed(3), "hist " + s.classHistogram.join(","), t ? `steps ${t[1]} ${t[2]} s ${t[3]} img/s ${t[4]} img/CPU-s` : "no timing"].join(" | "));
' "$PWD/$out" "$name" | tee -a runs/recipes/summary.txt
