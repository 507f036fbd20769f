/**
 * The drill fleet's known passwords. DRILL ONLY: they unlock simulated BMCs on loopback and
 * are public on purpose, so `npm start` works with no setup. The drill inventory references
 * them by environment variable like any real inventory. Only the drill's own starters
 * (`startDrill`, bench:hardware) fill them in, and `swaybot up` hands them to its worker:
 * production code never sees these values unless a drill gave them.
 */
export const DRILL_CREDENTIALS_ENV: Readonly<Record<string, string>> = {
  SWAYBOT_DRILL_IPMI_PASSWORD: 'drill-ipmi-only',
  SWAYBOT_DRILL_REDFISH_PASSWORD: 'drill-redfish-only',
};

/** `env` plus the drill passwords for any `SWAYBOT_DRILL_*` variable not already set. */
export function withDrillCredentials(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const [name, value] of Object.entries(DRILL_CREDENTIALS_ENV)) if (!out[name]) out[name] = value;
  return out;
}
