import React, { useRef } from 'react';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2 } from '@grafana/ui';
import type { DocumentIssue } from '../../api/agreements';
import { NO_ESCAPE } from '../../i18n';

const LINE_HEIGHT = 20;

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Problems to show at their lines (in the gutter) and in the list under the editor. */
  issues: DocumentIssue[];
  readOnly?: boolean;
  label: string;
}

/** Offsets of the first and past-the-last character of a 1-based line. */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) {
      return [text.length, text.length];
    }
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}

/**
 * A monospace YAML editor with line numbers; a line with a problem is marked in the gutter, and
 * each problem in the list under it selects its line. (Grafana's CodeEditor is Monaco, which
 * needs web workers and a real layout: neither the thin test host nor jsdom gives it those.)
 */
export function YamlEditor({ value, onChange, issues, readOnly, label }: Props) {
  const styles = useStyles2(getStyles);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split('\n').length;
  const byLine = new Map<number, DocumentIssue[]>();
  for (const issue of issues) {
    if (issue.line !== undefined) {
      byLine.set(issue.line, [...(byLine.get(issue.line) ?? []), issue]);
    }
  }

  const goTo = (line: number) => {
    const el = area.current;
    if (!el) {
      return;
    }
    const [start, end] = lineRange(el.value, line);
    el.focus();
    el.setSelectionRange(start, end);
    el.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT);
  };

  return (
    <div className={styles.wrap}>
      <div className={styles.editor}>
        <div className={styles.gutter} ref={gutter} aria-hidden data-testid="slm-yaml-gutter">
          {Array.from({ length: lines }, (_, i) => i + 1).map((n) => (
            <div
              key={n}
              className={cx(styles.lineNo, byLine.has(n) && styles.errorLine)}
              data-line={n}
              data-error={byLine.has(n) ? 'true' : undefined}
              title={byLine.get(n)?.map((i) => i.message).join('\n')}
            >
              {n}
            </div>
          ))}
        </div>
        <textarea
          ref={area}
          className={styles.text}
          aria-label={label}
          data-testid="slm-yaml-text"
          spellCheck={false}
          readOnly={readOnly}
          value={value}
          rows={Math.min(Math.max(lines, 12), 32)}
          onChange={(e) => onChange(e.currentTarget.value)}
          onScroll={(e) => {
            if (gutter.current) {
              gutter.current.scrollTop = e.currentTarget.scrollTop;
            }
          }}
        />
      </div>
      {issues.length > 0 && (
        <ul className={styles.issues} data-testid="slm-yaml-issues">
          {issues.map((issue, i) => (
            <li key={i} data-testid="slm-yaml-issue" data-line={issue.line ?? ''} data-path={issue.path}>
              {issue.line !== undefined ? (
                <button type="button" className={styles.at} onClick={() => goTo(issue.line!)}>
                  {t('pages.agreements.editor.at', 'line {{line}}:{{col}}', { line: issue.line, col: issue.col ?? 1, interpolation: NO_ESCAPE })}
                </button>
              ) : (
                <span className={styles.at}>{t('pages.agreements.editor.no-line', 'document')}</span>
              )}{' '}
              <code>{issue.path || '(document)'}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  editor: css({
    display: 'flex',
    border: `1px solid ${theme.components.input.borderColor}`,
    borderRadius: theme.shape.radius.default,
    background: theme.components.input.background,
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: `${LINE_HEIGHT}px`,
  }),
  gutter: css({
    overflow: 'hidden',
    padding: theme.spacing(1, 0),
    textAlign: 'right',
    color: theme.colors.text.disabled,
    background: theme.colors.background.secondary,
    userSelect: 'none',
    minWidth: theme.spacing(5),
  }),
  lineNo: css({ height: LINE_HEIGHT, padding: theme.spacing(0, 1) }),
  errorLine: css({ color: theme.colors.error.text, background: theme.colors.error.transparent, fontWeight: theme.typography.fontWeightBold }),
  text: css({
    flex: 1,
    border: 'none',
    outline: 'none',
    resize: 'vertical',
    padding: theme.spacing(1),
    background: 'transparent',
    color: theme.colors.text.primary,
    font: 'inherit',
    lineHeight: 'inherit',
    whiteSpace: 'pre',
    overflowWrap: 'normal',
    overflowX: 'auto',
  }),
  issues: css({ margin: 0, paddingLeft: theme.spacing(2), color: theme.colors.error.text, li: { marginBottom: theme.spacing(0.5) } }),
  at: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.link,
    cursor: 'pointer',
    fontFamily: theme.typography.fontFamilyMonospace,
  }),
});
