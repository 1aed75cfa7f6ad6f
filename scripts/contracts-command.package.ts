/** In the package: the contract runner is the bin `session-api-contracts` (contracts-command.ts). */
export const contractsCommand = 'npx session-api-contracts';
