/**
 * Progress on the terminal: a cli-progress bar (epoch, step, images/s, ETA, losses)
 * on a TTY, else one line per epoch (and every ~10 % of the run), so logs stay readable.
 */
import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  step: number;
  epoch: number;
  dLoss: number;
  gLoss: number | null;
}

export interface Progress {
  update(update: ProgressUpdate): void;
  /** A line printed above the bar. */
  log(line: string): void;
  stop(): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(r).padStart(2, '0')}s`;
}

export function createProgress(options: {
  totalSteps: number;
  startStep: number;
  batchSize: number;
  epochs: number | undefined;
  interactive: boolean;
  write?: (line: string) => void;
}): Progress {
  const { totalSteps, startStep, batchSize } = options;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = performance.now();
  let lastStep = startStep;
  // images/s over a sliding window of recent steps
  const window: { step: number; time: number }[] = [{ step: startStep, time: started }];
  const rate = () => {
    const first = window[0]!;
    const last = window.at(-1)!;
    const seconds = (last.time - first.time) / 1000;
    return seconds > 0 ? ((last.step - first.step) * batchSize) / seconds : 0;
  };
  const epochLabel = (epoch: number) => (options.epochs ? `${epoch + 1}/${options.epochs}` : `${epoch + 1}`);
  const values = (u: ProgressUpdate) => {
    const imagesPerSec = rate();
    const eta = imagesPerSec > 0 ? ((totalSteps - u.step) * batchSize) / imagesPerSec : Number.NaN;
    return {
      epochText: epochLabel(u.epoch),
      ips: imagesPerSec.toFixed(0),
      etaText: formatDuration(eta),
      d: u.dLoss.toFixed(3),
      g: u.gLoss === null ? '-' : u.gLoss.toFixed(3),
    };
  };
  if (options.interactive) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'epoch {epochText} |{bar}| step {value}/{total} | {ips} img/s | ETA {etaText} | D {d} G {g}',
        barCompleteChar: '█',
        barIncompleteChar: '░',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalSteps, startStep, { epochText: '-', ips: '-', etaText: '?', d: '-', g: '-' });
    return {
      update(u) {
        window.push({ step: u.step, time: performance.now() });
        if (window.length > 50) window.shift();
        lastStep = u.step;
        bar.update(u.step, values(u));
      },
      log(line) {
        bar.stop();
        write(line);
        bar.start(totalSteps, lastStep, {});
      },
      stop() {
        bar.stop();
      },
    };
  }
  const every = Math.max(1, Math.round(totalSteps / 10));
  return {
    update(u) {
      window.push({ step: u.step, time: performance.now() });
      if (window.length > 50) window.shift();
      lastStep = u.step;
      if (u.step % every === 0 || u.step === totalSteps) {
        const v = values(u);
        write(`step ${u.step}/${totalSteps} epoch ${v.epochText} | ${v.ips} img/s | ETA ${v.etaText} | D ${v.d} G ${v.g}`);
      }
    },
    log(line) {
      write(line);
    },
    stop() {},
  };
}
