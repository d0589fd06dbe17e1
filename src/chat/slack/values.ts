// Button values are shared by every surface; see src/cards/button-values.ts.
export { accountValue, followUpValue, parseValue } from '../../cards/button-values';
