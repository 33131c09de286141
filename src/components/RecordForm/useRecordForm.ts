import { type SyntheticEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type EngineError, StaleVersionError, toEngineError } from '../../api/engineClient';
import { type FormErrors, NO_ERRORS, formErrors } from './fieldErrors';
import { reapply } from './reapply';

/** What the last save left to show: messages at fields, an engine failure, or a newer version. */
export type SaveFailure<I, R> =
  | { kind: 'none' }
  | { kind: 'fields'; errors: FormErrors }
  | { kind: 'engine'; error: EngineError }
  | { kind: 'conflict'; mine: I; latest: R };

/** A catalog record as the engine keeps it: a key that never changes and a version for If-Match. */
export interface VersionedRecord {
  key: string;
  version: number;
  updatedBy?: string;
}

export interface RecordFormOptions<I, R extends VersionedRecord> {
  initial: I;
  /** The record being edited; none for a new one. */
  base?: R;
  inputOf: (record: R) => I;
  /** What is sent: trimmed, blank rows dropped (and kept out of the form, so messages keep their row numbers). */
  cleaned: (draft: I) => I;
  /** Every path the form shows a message at, for the engine's `details.issues`. */
  fieldPaths: (draft: I) => string[];
  create: (input: I) => Promise<R>;
  replace: (input: I, version: number) => Promise<R>;
  /** Where a saved record is shown. */
  urlOf: (key: string) => string;
  /** The message at the key when creating a record whose key exists already. */
  keyTaken: () => string;
}

/**
 * The draft of a record form and its save: the engine validates, its messages go next to the
 * fields; an edit is sent with the version it started from, so a concurrent save is shown (and can
 * be re-applied or discarded) instead of being overwritten.
 */
export function useRecordForm<I extends object, R extends VersionedRecord>(options: RecordFormOptions<I, R>) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<I>(options.initial);
  const [base, setBase] = useState<R | undefined>(options.base);
  const [failure, setFailure] = useState<SaveFailure<I, R>>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const errors = failure.kind === 'fields' ? failure.errors : NO_ERRORS;

  const save = async (input: I, version?: number) => {
    setBusy(true);
    setFailure({ kind: 'none' });
    try {
      const saved = version === undefined ? await options.create(input) : await options.replace(input, version);
      navigate(options.urlOf(saved.key));
    } catch (e) {
      setBusy(false);
      if (e instanceof StaleVersionError) {
        setFailure({ kind: 'conflict', mine: input, latest: e.current as R });
        return;
      }
      setFailure(failureOf(toEngineError(e), input, version === undefined, options));
    }
  };

  return {
    draft,
    set: (change: Partial<I>) => setDraft((d) => ({ ...d, ...change })),
    base,
    failure,
    busy,
    errors,
    err: (path: string): string | undefined => errors.fields[path],
    editing: base !== undefined,
    inputOf: options.inputOf,
    submit: (event: SyntheticEvent) => {
      event.preventDefault();
      const input = options.cleaned(draft);
      setDraft(input);
      save(input, base?.version);
    },
    reapplyMine: (mine: I, latest: R) => {
      const merged = reapply(options.inputOf(base!), mine, options.inputOf(latest));
      setBase(latest);
      setDraft(merged);
      save(merged, latest.version);
    },
    discardMine: (latest: R) => {
      setBase(latest);
      setDraft(options.inputOf(latest));
      setFailure({ kind: 'none' });
    },
  };
}

export type RecordForm<I, R extends VersionedRecord> = ReturnType<typeof useRecordForm<I & object, R>>;

function failureOf<I, R extends VersionedRecord>(
  error: EngineError,
  input: I,
  creating: boolean,
  options: RecordFormOptions<I, R>
): SaveFailure<I, R> {
  if (error.code === 'validation_failed') {
    return { kind: 'fields', errors: formErrors(error, options.fieldPaths(input)) };
  }
  if (creating && error.kind === 'conflict') {
    return { kind: 'fields', errors: { fields: { key: options.keyTaken() }, general: [] } };
  }
  return { kind: 'engine', error };
}
