export {
  createToken,
  createTokenVerifier,
  grants,
  parseScopes,
  type Scope,
  scopes,
  type TokenIdentity,
  type TokenVerifier,
} from './tokens.ts';
