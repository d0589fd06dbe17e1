export * from './accounts';
export * from './entities';
export * from './fields';
export * from './row-errors';
export * from './surveys';
export * from './tickets';
export * from './usage';
export * from './validate';
