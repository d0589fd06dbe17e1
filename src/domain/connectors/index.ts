export * from './hubspot';
export * from './segment';
export * from './settings';
export * from './zendesk';
