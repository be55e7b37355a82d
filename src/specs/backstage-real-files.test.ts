import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines, warningLines } from '../testing/specs-fixtures.ts';

// Shapes from Backstage's own example catalog (create-app's examples/org.yaml and entities.yaml).
const org = `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: guest
spec:
  profile: { displayName: Guest User, email: guest@example.com }
  memberOf: [guests]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: guests
spec:
  type: squad
  children: []
`;

const website = (owner: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: example-website
spec:
  type: website
  lifecycle: experimental
  owner: ${owner}
`;

describe('Backstage catalogs as Backstage writes them', () => {
  it('a Component owned by a User (owner: user:guest) belongs to that User’s team, not an "unknown Team"', () => {
    const result = loadTexts({ 'org.yaml': org, 'entities.yaml': website('user:guest') }, false);
    expect(problemLines(result)).toEqual([]);
    expect(result.model.services).toMatchObject([{ name: 'example-website', owner: 'guests' }]);
  });

  it('a User becomes a Person (display name, e-mail) and a member of the Groups it names in memberOf', () => {
    const result = loadTexts({ 'org.yaml': org }, false);
    expect(problemLines(result)).toEqual([]);
    expect(result.model.persons).toEqual([
      {
        name: 'guest',
        displayName: 'Guest User',
        timeZone: 'UTC',
        contacts: [{ kind: 'email', address: 'guest@example.com' }],
        origin: 'backstage',
        source: { file: 'org.yaml', line: 4, col: 9 },
      },
    ]);
    expect(result.model.teams).toMatchObject([{ name: 'guests', members: ['guest'] }]);
  });

  it('User names with dots (breanna.davison) are read as Nines names with "-", in owners and members too', () => {
    const users = `apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: breanna.davison }
spec: { memberOf: [group:default/team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, members: [user:default/breanna.davison] }
`;
    const result = loadTexts({ 'u.yaml': users, 'c.yaml': website('user:default/breanna.davison') }, false);
    expect(problemLines(result)).toEqual([]);
    expect(result.model.persons.map((person) => person.name)).toEqual(['breanna-davison']);
    expect(result.model.teams).toMatchObject([{ name: 'team-a', members: ['breanna-davison'] }]);
    expect(result.model.services).toMatchObject([{ name: 'example-website', owner: 'team-a' }]);
  });

  it('an owner User that is not in the directory is reported as such', () => {
    const result = loadTexts({ 'c.yaml': website('user:nobody') }, false);
    expect(problemLines(result)).toEqual([
      'c.yaml:8:10: unknown Person "nobody": a Backstage owner user:nobody must be a User (or a Nines Person) in the directory',
    ]);
  });

  it('kinds outside Nines’ list (Environment, AiResource) are skipped with a warning, not a refused directory', () => {
    const environment = `apiVersion: backstage.io/v1alpha1
kind: Environment
metadata: { name: dev, description: Development SDLC environment. }
spec: { lifecycle: dev }
`;
    const skill = `apiVersion: backstage.io/v1alpha1
kind: AiResource
metadata: { name: frontend-design }
spec: { type: skill, lifecycle: production, owner: team-a }
`;
    const result = loadTexts(
      { 'org.yaml': org, 'dev.yaml': environment, 'skill.yaml': skill, 'entities.yaml': website('guests') },
      false,
    );
    expect(problemLines(result)).toEqual([]);
    expect(result.model.services.map((service) => service.name)).toEqual(['example-website']);
    expect(warningLines(result)).toEqual([
      'dev.yaml:2:7: Backstage kind "Environment" has nothing Nines reads: skipped',
      'skill.yaml:2:7: Backstage kind "AiResource" has nothing Nines reads: skipped',
    ]);
  });
});
