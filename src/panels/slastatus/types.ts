export interface SlaStatusOptions {
  /** Agreement whose target this panel shows (placeholder until the agreement picker exists). */
  agreementId: string;
  /** Target within that agreement. */
  targetId: string;
}
