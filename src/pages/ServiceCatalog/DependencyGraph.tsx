import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { CatalogService } from '../../api/services';
import { NO_ESCAPE } from '../../i18n';
import { type GraphNode, NODE, dependencyGraph } from './graphLayout';
import { serviceUrl } from './urls';

const MAX_LABEL = 22;
const clip = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

/**
 * The service between what depends on it (left) and what it depends on (right). Every other node
 * is a link to that service's page, reachable with Tab; a key the catalog does not know is drawn
 * dashed and is not a link.
 */
export function DependencyGraphView({ service, catalog }: { service: CatalogService; catalog: CatalogService[] }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const graph = dependencyGraph(service, catalog);
  if (graph.edges.length === 0) {
    return (
      <p data-testid="slm-dependency-graph-empty">
        {t(
          'pages.catalog.graph.none',
          'No dependencies recorded: no catalog service depends on this one, and it depends on none.'
        )}
      </p>
    );
  }
  const nodes = new Map<string, GraphNode>(
    [graph.center, ...graph.dependents, ...graph.dependencies].map((n) => [n.key, n])
  );
  const pad = 4;
  return (
    <svg
      className={styles.svg}
      role="group"
      aria-label={t('pages.catalog.graph.label', 'Dependencies of {{service}}', {
        service: service.name,
        interpolation: NO_ESCAPE,
      })}
      data-testid="slm-dependency-graph"
      viewBox={`${-pad} ${-pad} ${graph.width + 2 * pad} ${graph.height + 2 * pad}`}
      width={graph.width + 2 * pad}
      height={graph.height + 2 * pad}
    >
      <defs>
        <marker
          id="slm-arrow"
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill={theme.colors.text.secondary} />
        </marker>
      </defs>
      {graph.edges.map((edge) => {
        const from = nodes.get(edge.from)!;
        const to = nodes.get(edge.to)!;
        return (
          <line
            key={`${edge.from}->${edge.to}`}
            data-edge={`${edge.from}->${edge.to}`}
            x1={from.x + NODE.width}
            y1={from.y + NODE.height / 2}
            x2={to.x}
            y2={to.y + NODE.height / 2}
            stroke={theme.colors.border.strong}
            strokeWidth={1.5}
            markerEnd="url(#slm-arrow)"
          />
        );
      })}
      <Node node={graph.center} kind="center" />
      {graph.dependents.map((n) => (
        <Node key={n.key} node={n} kind="dependent" />
      ))}
      {graph.dependencies.map((n) => (
        <Node key={n.key} node={n} kind="dependency" />
      ))}
    </svg>
  );
}

function Node({ node, kind }: { node: GraphNode; kind: 'center' | 'dependent' | 'dependency' }) {
  const styles = useStyles2(getStyles);
  const known = node.name !== undefined;
  const label = known ? node.name! : node.key;
  const box = (
    <g data-node={node.key} data-kind={kind}>
      <title>
        {known
          ? `${node.name} (${node.key})`
          : t('pages.catalog.graph.unknown', '{{key}}: not in the catalog', {
              key: node.key,
              interpolation: NO_ESCAPE,
            })}
      </title>
      <rect
        className={kind === 'center' ? styles.center : known ? styles.box : styles.unknown}
        x={node.x}
        y={node.y}
        width={NODE.width}
        height={NODE.height}
        rx={4}
      />
      <text className={styles.name} x={node.x + NODE.width / 2} y={node.y + 17} textAnchor="middle">
        {clip(label)}
      </text>
      <text className={styles.key} x={node.x + NODE.width / 2} y={node.y + 32} textAnchor="middle">
        {known ? clip(node.key) : t('pages.catalog.graph.not-in-catalog', 'not in the catalog')}
      </text>
    </g>
  );
  if (kind === 'center' || !known) {
    return box;
  }
  return (
    <a href={serviceUrl(node.key)} className={styles.link} aria-label={`${node.name} (${node.key})`}>
      {box}
    </a>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  svg: css({ maxWidth: '100%', height: 'auto', overflow: 'visible' }),
  box: css({ fill: theme.colors.background.secondary, stroke: theme.colors.border.medium, strokeWidth: 1 }),
  center: css({ fill: theme.colors.primary.transparent, stroke: theme.colors.primary.border, strokeWidth: 2 }),
  unknown: css({ fill: 'none', stroke: theme.colors.border.medium, strokeDasharray: '4 3' }),
  name: css({
    fill: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  key: css({ fill: theme.colors.text.secondary, fontSize: 11, fontFamily: theme.typography.fontFamilyMonospace }),
  link: css({
    cursor: 'pointer',
    outline: 'none',
    '&:hover rect, &:focus-visible rect': { stroke: theme.colors.primary.border, strokeWidth: 2 },
    '&:focus-visible rect': { strokeWidth: 3 },
    '&:hover text:first-of-type': { fill: theme.colors.text.link },
  }),
});
