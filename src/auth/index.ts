export {
  actorOf,
  createToken,
  createTokenVerifier,
  grants,
  listTokens,
  parseScopes,
  revokeToken,
  type Scope,
  scopes,
  type TokenIdentity,
  type TokenInfo,
  type TokenVerifier,
} from './tokens.ts';
