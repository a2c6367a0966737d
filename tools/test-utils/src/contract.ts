import { describe, expect, it } from 'vitest';

/** A probe: a call that must throw (or reject with) the package's typed error, or the reason it does not apply. */
export type ContractProbe = (() => unknown) | `n/a: ${string}`;

/** The bad-input probes of one export. Each is required: give a call, or `'n/a: why'`. */
export interface ContractCase {
  /** A call with a misspelled option key (e.g. `{ angel: 45 }`). */
  misspelledOption: ContractProbe;
  /** A call with `null` where a tensor (or the main input) goes. */
  nullInput: ContractProbe;
  /** A call with a disposed tensor. */
  disposedTensor: ContractProbe;
  /** A call asking for more than a documented limit (image side, batch, bytes...). */
  oversized: ContractProbe;
}

export interface ContractOptions {
  /** The package name, for test titles. */
  packageName: string;
  /** The module namespace (`import * as api from './index'`). */
  api: Record<string, unknown>;
  /** The package's error base class (e.g. `AugmentError`). */
  baseError: abstract new (...args: never[]) => Error;
  /** One case per exported function or class; error classes and constants are listed in `exempt`. */
  cases: Record<string, ContractCase>;
  /** Exports that take no input to probe (error classes, constants, type guards), each with the reason. */
  exempt?: Record<string, string>;
}

/**
 * The house contract test: every export of a package either has a case with the four probes
 * (misspelled option, null, disposed tensor, oversized request), each of which must throw the
 * package's typed error naming the function, or is exempt with a reason. A new export without a
 * case fails the test.
 *
 * @example
 * contractSuite({ packageName: '@ganforge/augment', api, baseError: AugmentError, cases: {...}, exempt: {...} });
 */
export function contractSuite(options: ContractOptions): void {
  const { api, cases, baseError } = options;
  const exempt = options.exempt ?? {};
  describe(`${options.packageName} contract`, () => {
    it('covers every export with a case or a stated exemption', () => {
      const exported = Object.keys(api).filter((name) => api[name] !== undefined);
      const missing = exported.filter((name) => !(name in cases) && !(name in exempt));
      const stale = [...Object.keys(cases), ...Object.keys(exempt)].filter((name) => !exported.includes(name));
      expect({ missing, stale }).toEqual({ missing: [], stale: [] });
      for (const [name, reason] of Object.entries(exempt)) expect(reason.length, `exemption reason for ${name}`).toBeGreaterThan(3);
    });

    for (const [name, probes] of Object.entries(cases)) {
      for (const kind of ['misspelledOption', 'nullInput', 'disposedTensor', 'oversized'] as const) {
        const probe = probes[kind];
        if (typeof probe === 'string') {
          it(`${name}: ${kind} (${probe})`, () => {
            expect(probe).toMatch(/^n\/a: .{4,}/);
          });
          continue;
        }
        it(`${name}: ${kind} throws the package's typed error`, async () => {
          let caught: unknown;
          try {
            await probe();
          } catch (error) {
            caught = error;
          }
          expect(caught, `${name} ${kind} threw nothing`).toBeDefined();
          if (!(caught instanceof baseError)) throw caught;
          expect(caught).toBeInstanceOf(baseError);
          expect((caught as unknown as Record<symbol, unknown>)[Symbol.for('ganforge.error')]).toBe(true);
          expect(String((caught as Error).message)).toMatch(/^[\w.]+: /);
        });
      }
    }
  });
}
