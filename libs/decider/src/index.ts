export * from './decider';
export * from './domain.errors';
