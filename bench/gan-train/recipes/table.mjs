// Markdown rows of the recipe runs: node bench/gan-train/recipes/table.mjs NAME...
// Reads runs/recipes/NAME/{score.json,log.txt,metrics.jsonl} written by ablate.sh.
import { existsSync, readFileSync } from 'node:fs';

const f = (v, d = 2) => (v === null || v === undefined ? '–' : v.toFixed(d));
for (const name of process.argv.slice(2)) {
  const dir = `runs/recipes/${name}`;
  if (!existsSync(`${dir}/score.json`)) {
    console.log(`| ${name} | (no score) |`);
    continue;
  }
  const s = JSON.parse(readFileSync(`${dir}/score.json`, 'utf8'));
  const log = readFileSync(`${dir}/log.txt`, 'utf8');
  const t = /trained (\d+) steps in ([\d.]+) s \(([\d.]+) images\/s, ([\d.]+) per CPU second\)/.exec(log);
  const p = /process: ([\d.]+) s wall, ([\d.]+) s user, ([\d.]+) s sys/.exec(log);
  const flags = /^# \S+ [^:]+: (.*)$/m.exec(log)?.[1] ?? '';
  const load = [...log.matchAll(/load average: ([\d.]+)/g)].map((m) => m[1]);
  const steps = Number(t[1]);
  const batch = Number(/batch (\d+)/.exec(log)[1]);
  const images = steps * batch;
  const trainCpu = images / Number(t[4]);
  const minShare = Math.min(...s.classHistogram);
  const fids = readFileSync(`${dir}/metrics.jsonl`, 'utf8').split('\n').filter((l) => l.includes('"fid"')).map((l) => JSON.parse(l));
  console.log(
    `| ${name} (\`${flags}\`) | ${f(s.fid)} | ${f(s.kid, 3)} | ${f(s.precision, 3)} / ${f(s.recall, 3)} | ${f(s.density, 3)} / ${f(s.coverage, 3)} | ${s.classesCovered}/10 (min ${f(minShare * 100, 1)} %${typeof s.classAgreement === 'number' ? `; ${f(s.classAgreement * 100, 1)} % agree with the requested class` : ''}) | ${f(s.confidentShare * 100, 1)} % | ` +
      `${steps} × ${batch} | ${Math.round(trainCpu)} CPU s (${t[4]} img/CPU-s) | ${t[2]} s wall (load ${load.join('→')}) | ${p ? `${Math.round(Number(p[2]) + Number(p[3]))} CPU s, ${Math.round(Number(p[1]))} s wall` : '–'} |` +
      (fids.length ? ` ${fids.map((r) => `${r.step}: ${f(r.fid, 1)} (${r.classesCovered})`).join(', ')} |` : ''),
  );
}
