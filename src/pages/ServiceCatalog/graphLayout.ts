import type { CatalogService } from '../../api/services';

export interface GraphNode {
  key: string;
  /** The catalog name; undefined for a dependency the catalog does not have (a dangling key). */
  name?: string;
  x: number;
  y: number;
}

export interface GraphEdge {
  /** The service that depends … */
  from: string;
  /** … on this one. */
  to: string;
}

export interface DependencyGraph {
  center: GraphNode;
  /** Catalog services that depend on this one (drawn to the left). */
  dependents: GraphNode[];
  /** What this service depends on (drawn to the right). */
  dependencies: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export const NODE = { width: 180, height: 40, gapY: 14, gapX: 90 } as const;

function column(items: Array<{ key: string; name?: string }>, x: number, height: number): GraphNode[] {
  const used = items.length * NODE.height + Math.max(0, items.length - 1) * NODE.gapY;
  const top = (height - used) / 2;
  return items.map((item, i) => ({ ...item, x, y: top + i * (NODE.height + NODE.gapY) }));
}

/**
 * One service's neighbourhood in the catalog: its dependencies from its own record, its dependents
 * found by looking for its key in every other service's dependencies. Node positions are those of
 * the drawing: dependents left, the service in the middle, dependencies right, each column centred.
 */
export function dependencyGraph(service: CatalogService, catalog: CatalogService[]): DependencyGraph {
  const byKey = new Map(catalog.map((s) => [s.key, s]));
  const dependencies = [...new Set(service.dependencies ?? [])]
    .filter((key) => key !== service.key)
    .map((key) => ({ key, name: byKey.get(key)?.name }));
  const dependents = catalog
    .filter((s) => s.key !== service.key && (s.dependencies ?? []).includes(service.key))
    .map((s) => ({ key: s.key, name: s.name }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const rows = Math.max(1, dependencies.length, dependents.length);
  const height = rows * NODE.height + (rows - 1) * NODE.gapY;
  const x = (col: number) => col * (NODE.width + NODE.gapX);
  return {
    center: column([{ key: service.key, name: service.name }], x(1), height)[0],
    dependents: column(dependents, x(0), height),
    dependencies: column(dependencies, x(2), height),
    edges: [
      ...dependents.map((d) => ({ from: d.key, to: service.key })),
      ...dependencies.map((d) => ({ from: service.key, to: d.key })),
    ],
    width: x(2) + NODE.width,
    height,
  };
}
