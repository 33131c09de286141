import { type EngineError } from '../../api/engineClient';

export interface FormErrors {
  /** Message per field path (`term.to`, `sli.ratio.good.expr`), from the engine's `details.issues`. */
  fields: Record<string, string>;
  /** What no field of the form shows: issues of other paths, or the error itself. */
  general: string[];
}

/**
 * Splits an engine validation error into messages next to the form's fields and the rest. An
 * issue on a parent path (`term` for the term's refinement) goes to the first field under it.
 */
export function formErrors(error: EngineError, fieldPaths: string[]): FormErrors {
  const issues = (error.details as { issues?: Array<{ path?: string; message: string }> } | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) {
    return { fields: {}, general: [error.message] };
  }
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const path = issue.path ?? '';
    const field =
      fieldPaths.find((f) => f === path) ?? (path ? fieldPaths.find((f) => f.startsWith(`${path}.`)) : undefined);
    if (field && !fields[field]) {
      fields[field] = issue.message;
    } else {
      general.push(path ? `${path}: ${issue.message}` : issue.message);
    }
  }
  return { fields, general };
}

export const NO_ERRORS: FormErrors = { fields: {}, general: [] };
