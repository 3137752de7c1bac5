export * from './decider';
export * from './domain.errors';
export * from './command-handling';
export * from './stream-state-cache';
