export * from './checkpoints';
export * from './projection';
export * from './projection-runner';
