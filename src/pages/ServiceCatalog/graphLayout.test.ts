import { dependencyGraph, NODE } from './graphLayout';
import { service } from './testFixtures';
import { reapply } from '../../components/RecordForm/reapply';

describe('dependencyGraph', () => {
  const catalog = [
    service('mail', { dependencies: ['dns', 'ldap', 'mail'] }),
    service('crm', { dependencies: ['mail'] }),
    service('web', { dependencies: ['dns'] }),
    service('dns'),
  ];

  test('dependents come from the other services, dependencies from the service; itself and dangling keys handled', () => {
    const graph = dependencyGraph(catalog[0], catalog);
    expect(graph.dependents.map((n) => n.key)).toEqual(['crm']);
    expect(graph.dependencies.map((n) => [n.key, n.name])).toEqual([
      ['dns', 'Dns'],
      ['ldap', undefined],
    ]);
    expect(graph.edges).toEqual([
      { from: 'crm', to: 'mail' },
      { from: 'mail', to: 'dns' },
      { from: 'mail', to: 'ldap' },
    ]);
  });

  test('columns are centred on the tallest one and do not overlap', () => {
    const graph = dependencyGraph(catalog[0], catalog);
    const [dns, ldap] = graph.dependencies;
    expect(graph.height).toBe(2 * NODE.height + NODE.gapY);
    expect(ldap.y - dns.y).toBe(NODE.height + NODE.gapY);
    expect(graph.center.y + NODE.height / 2).toBe(graph.height / 2);
    expect(graph.dependents[0].y).toBe(graph.center.y);
    expect(graph.dependents[0].x + NODE.width).toBeLessThan(graph.center.x);
    expect(graph.center.x + NODE.width).toBeLessThan(dns.x);
  });

  test('a service nothing refers to has no edges', () => {
    expect(dependencyGraph(service('lonely'), catalog).edges).toEqual([]);
  });
});

describe('reapply', () => {
  test('takes the fields I changed, keeps their changes to the others', () => {
    const base = { name: 'Mail', description: 'old', features: ['a'] };
    const mine = { name: 'Mail 2', description: 'old', features: ['a'] };
    const latest = { name: 'Mail', description: 'theirs', features: ['a', 'b'] };
    expect(reapply(base, mine, latest)).toEqual({ name: 'Mail 2', description: 'theirs', features: ['a', 'b'] });
  });

  test('a list I changed replaces theirs as a whole', () => {
    const base = { features: ['a'] };
    expect(reapply(base, { features: ['a', 'mine'] }, { features: ['theirs'] })).toEqual({ features: ['a', 'mine'] });
  });
});
