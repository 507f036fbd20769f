import { LedgerContract } from './ledger-contract.js';

export { LedgerContract } from './ledger-contract.js';
/** fabric-chaincode-node looks for `contracts` in the package's main module. */
export const contracts = [LedgerContract];
