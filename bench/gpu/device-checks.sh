#!/usr/bin/env bash
# The GPU checks of issues 11 (fast step in the packages) and 16 (GPU quality), prepared as one
# device call (see ../shared/gpu/README.md and bench/README.md).
#
#   here:   bash bench/gpu/device-checks.sh prepare        # build, bundle into .gpu/app, carry list
#           bash bench/gpu/device-checks.sh run --dry-run  # the same commands on the cpu backend, tiny
#   there:  device run, carry [".gl", ".gpu"], timeout_s 560:
#           bash bench/gpu/device-checks.sh run
#
# `run` writes to $OUT (or ./device-out): train-fast.json (bench fast step beside gan-train's own
# step at batch 256, with the PyTorch-free baseline), dcgan.log, metrics.jsonl, the final grid, the
# training chart and quality.json (FID etc. of 10,000 samples with @ganforge/gan-metrics).
set -euo pipefail
root=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
cd "$root"
mode=${1:-}
shift || true

case "$mode" in
prepare)
  bash ../shared/gpu/prepare.sh
  npx -y pnpm@10.34.9 --filter "@ganforge/example-mnist-dcgan..." --filter @ganforge/bench... build >/dev/null
  node tools/gpu/bundle.mjs bench/gan-train/train-fast.mjs=train-fast.mjs examples/mnist-dcgan/dist/cli.js=dcgan.mjs
  # The working tree, node and Dawn must travel in 64 MiB: the bundles and Dawn go compressed.
  tar -C .gpu -cJf .gpu/app.tar.xz app data
  rm -rf .gpu/app .gpu/data
  du -sh .gpu .gl
  echo 'ready: device run with carry [".gl", ".gpu"], command: bash bench/gpu/device-checks.sh run'
  ;;
run)
  dry=0
  [ "${1:-}" = "--dry-run" ] && dry=1
  out=${OUT:-$root/device-out}
  mkdir -p "$out"
  if [ "$dry" = 1 ]; then
    backend=cpu
    fast_args=(--backend cpu --batch 8 --steps 2 --warmup 1 --baseline-steps 1 --json)
    dcgan_args=(--backend cpu --steps 4 --batch-size 8 --limit 256 --export-samples 500 --evaluate)
  else
    source .gpu/preamble.sh
    nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | tee "$out/gpu.txt" || true
    backend=webgpu
    fast_args=(--backend webgpu --batch 256 --steps 40 --warmup 5 --json)
    dcgan_args=(--backend webgpu --export-samples 10000 --evaluate)
  fi
  rm -rf .gpu/app .gpu/data
  tar -C .gpu -xJf .gpu/app.tar.xz
  cd .gpu/app
  echo "== train-fast (${backend})"
  timeout 200 node train-fast.mjs "${fast_args[@]}" >"$out/train-fast.json" 2>"$out/train-fast.log" || echo "train-fast exited $?"
  tail -c 2000 "$out/train-fast.json" || true
  echo "== dcgan default run (${backend})"
  rm -rf "$out/run"
  timeout 330 node dcgan.mjs "${dcgan_args[@]}" --offline --quiet --out "$out/run" >"$out/dcgan.log" 2>&1 || echo "dcgan exited $?"
  tail -n 25 "$out/dcgan.log"
  for f in metrics.jsonl training-chart.svg quality.json samples-final.png; do
    if [ -f "$out/run/$f" ]; then cp "$out/run/$f" "$out/$f"; fi
  done
  rm -rf "$out/run"
  ;;
*)
  echo "usage: bash bench/gpu/device-checks.sh prepare | run [--dry-run]" >&2
  exit 2
  ;;
esac
