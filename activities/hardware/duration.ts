import ms, { type StringValue } from 'ms';

/** A catalogue duration (`'45s'` or milliseconds) in milliseconds; the schema already checked its form. */
export function durationMs(value: string | number): number {
  return typeof value === 'number' ? value : ms(value.replace(/\s+/g, '') as StringValue);
}
