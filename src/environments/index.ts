// Placeholder until the environment data lands; see types.ts for the contract.
export * from './types';
