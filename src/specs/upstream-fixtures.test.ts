import { describe, expect, it } from 'vitest';
import { loadConfigDir } from './load-config-dir.ts';
import { formatProblem } from './problems.ts';

// Real files from the formats' own repositories (see fixtures/upstream/README.md).
const upstream = 'src/specs/fixtures/upstream';

async function load(folder: string) {
  const result = await loadConfigDir(`${upstream}/${folder}`);
  const strip = (line: string) => line.replace(`${upstream}/${folder}/`, '');
  return {
    ...result,
    problemLines: result.problems.map(formatProblem).map(strip),
    warningLines: result.warnings.map(formatProblem).map(strip),
  };
}

describe("the formats' own example files", () => {
  it('Sloth examples: every SLO is read, the 65-character name shortened, the plugins named in warnings', async () => {
    const result = await load('sloth');
    expect(result.problemLines).toEqual([]);
    const names = result.model.slos.map((slo) => slo.name);
    expect(names).toEqual([
      'myservice-requests-availability-contrib-plugin-info-labels-v1',
      'myservice-requests-availability-contrib-plugin-rule-inte-5ee30e',
      'myservice-requests-availability',
      'k8s-apiserver-requests-availability',
      'k8s-apiserver-requests-latency',
    ]);
    const severity = (at: string, page: string, ticket: string) =>
      `${at}: alert severity labels (page "${page}", ticket "${ticket}") are not used: exported alerts are labelled severity="page" or "ticket"; the tiers' other labels and annotations are kept`;
    expect(result.warningLines).toEqual([
      'contrib-slo-plugins.yml:12:5: Sloth SLO plugins are not run by Nines (sloth.dev/contrib/info_labels/v1): their changes to the generated rules are not applied',
      severity('contrib-slo-plugins.yml:24:5', 'pageteam', 'slack'),
      `contrib-slo-plugins.yml:40:11: SLO name "myservice-requests-availability-contrib-plugin-rule-intervals-v1" (service-name) is longer than 63 characters: Nines names it "${names[1]}"`,
      'contrib-slo-plugins.yml:43:5: Sloth SLO plugins are not run by Nines (sloth.dev/contrib/rule_intervals/v1): their changes to the generated rules are not applied',
      severity('contrib-slo-plugins.yml:53:5', 'pageteam', 'slack'),
      severity('getting-started.yml:16:5', 'pageteam', 'slack'),
      severity('kubernetes-apiserver.yml:35:5', 'critical', 'warning'),
      severity('kubernetes-apiserver.yml:62:5', 'critical', 'warning'),
    ]);
    expect(result.model.slos[2]).toMatchObject({
      objective: 99.9,
      labels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2' },
      alerting: { name: 'MyServiceHighErrorRate' },
    });
  });

  it('the OpenSLO Go SDK v1 example: list connectionDetails, counters read as rates, a 99.5 % weekly timeslice SLO', async () => {
    const result = await load('openslo');
    expect(result.problemLines).toEqual([]);
    expect(result.model.dataSources.find((source) => source.name === 'prometheus')?.url).toBe(
      'http://prometheus.example.com',
    );
    expect(result.model.slos).toMatchObject([
      {
        name: 'web-availability',
        service: 'web',
        objective: 99.5,
        window: { kind: 'calendar', unit: 'week', timeZone: 'America/New_York' },
        budgeting: { method: 'timeslices', sliceMs: 60_000, sliceTarget: 0.95 },
        indicator: {
          goodQuery:
            'sum(rate(http_requests{k8s_cluster="prod",component="web",code=~"2xx|4xx"}[{{.window}}]))',
          totalQuery: 'sum(rate(http_requests{k8s_cluster="prod",component="web"}[{{.window}}]))',
        },
        labels: { env: 'prod', team: 'team-a,team-b' },
      },
    ]);
  });

  it("Backstage's create-app catalog: user:guest owns through its group, Environment and AiResource are skipped", async () => {
    const result = await load('backstage-create-app');
    expect(result.problemLines).toEqual([]);
    expect(result.model.services.map(({ name, owner }) => ({ name, owner }))).toEqual([
      { name: 'example', owner: 'guests' },
      { name: 'example-website', owner: 'guests' },
    ]);
    expect(result.model.teams).toMatchObject([{ name: 'guests', members: ['guest'] }]);
    expect(result.model.persons.map((person) => person.name)).toEqual(['guest']);
    expect(result.warningLines).toEqual([
      'ai-resources/frontend-design-skill.yaml:2:7: Backstage kind "AiResource" has nothing Nines reads: skipped',
      'environments/dev.yaml:2:7: Backstage kind "Environment" has nothing Nines reads: skipped',
    ]);
  });

  it("Backstage's acme team-a: Users with dotted names become Persons and members of team-a", async () => {
    const result = await load('backstage-acme');
    expect(result.problemLines).toEqual([]);
    expect(result.model.persons.map(({ name, displayName }) => ({ name, displayName }))).toEqual([
      { name: 'breanna-davison', displayName: undefined },
      { name: 'janelle-dawe', displayName: 'Janelle Dawe' },
      { name: 'nigel-manning', displayName: 'Nigel Manning' },
      { name: 'guest', displayName: 'Guest User' },
    ]);
    expect(result.model.teams).toMatchObject([
      { name: 'team-a', members: ['breanna-davison', 'janelle-dawe', 'nigel-manning', 'guest'] },
    ]);
    expect(result.model.persons[0]?.contacts).toEqual([
      { kind: 'email', address: 'breanna-davison@example.com' },
    ]);
  });
});
