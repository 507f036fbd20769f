/** `swaybot ledger verify|prove|events|report|rotate-key`: inspect the availability ledger (docs/ledger.md). */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerLedgerEvents } from './ledger-events.js';
import { registerLedgerProve } from './ledger-prove.js';
import { registerLedgerReport } from './ledger-report.js';
import { registerLedgerRotateKey } from './ledger-rotate-key.js';
import { registerLedgerVerify } from './ledger-verify.js';

export function registerLedger(program: Command, ctx: CliContext): void {
  const ledger = program.command('ledger').description('verify the availability ledger, prove events, list them, report availability');
  ledger.exitOverride();
  registerLedgerVerify(ledger, ctx);
  registerLedgerProve(ledger, ctx);
  registerLedgerEvents(ledger, ctx);
  registerLedgerReport(ledger, ctx);
  registerLedgerRotateKey(ledger, ctx);
  for (const command of ledger.commands) command.exitOverride();
}
