/** How the contract runner is invoked, for its help: in the repository, through npm. */
export const contractsCommand = 'npm run contracts --';
