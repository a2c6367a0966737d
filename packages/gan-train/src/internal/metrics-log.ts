import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@ganforge/internal/node';

/**
 * A JSON-lines metrics file. A fresh run starts it empty; a resumed run keeps the
 * lines up to the restored step and drops later ones (written after that checkpoint
 * by the interrupted process), so the file reads as one uninterrupted run.
 */
export async function openMetricsLog(path: string, resumedStep: number | null): Promise<(record: Record<string, unknown>) => Promise<void>> {
  await fs.mkdir(dirname(path), { recursive: true });
  let kept = '';
  if (resumedStep !== null) {
    try {
      const lines = (await fs.readFile(path, 'utf8')).split('\n').filter((line) => line.trim() !== '');
      kept = lines
        .filter((line) => {
          try {
            const step = (JSON.parse(line) as { step?: unknown }).step;
            return typeof step === 'number' && step <= resumedStep;
          } catch {
            return false;
          }
        })
        .map((line) => `${line}\n`)
        .join('');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  await writeFileAtomic(path, kept);
  return (record) => fs.appendFile(path, `${JSON.stringify(record)}\n`);
}
