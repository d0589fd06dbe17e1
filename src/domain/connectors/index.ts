export * from './segment';
export * from './settings';
