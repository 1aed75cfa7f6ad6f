import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for a whole number from min to max, with a message
 * that names the option and the range. The mock's options use it, and so do the
 * scripts' (the mock never imports from scripts/).
 */
export function wholeNumber(name: string, min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
    }
    return parsed;
  };
}
