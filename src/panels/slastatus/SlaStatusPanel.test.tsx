import React from 'react';
import { render, screen } from '@testing-library/react';
import { type PanelProps } from '@grafana/data';
import { SlaStatusPanel } from './SlaStatusPanel';
import { type SlaStatusOptions } from './types';

function renderPanel(options: SlaStatusOptions) {
  const props = { options, width: 320, height: 200 } as unknown as PanelProps<SlaStatusOptions>;
  return render(<SlaStatusPanel {...props} />);
}

describe('SlaStatusPanel', () => {
  test.each([
    [{ agreementId: '', targetId: '' }],
    [{ agreementId: 'checkout-sla', targetId: '' }],
    [{ agreementId: '  ', targetId: 'availability' }],
  ])('asks for a mapping while agreement or target is missing: %j', (options) => {
    renderPanel(options);
    expect(screen.getByTestId('data-testid slm-slastatus-unmapped')).toHaveTextContent(
      "Map this panel's queries to an agreement target in the panel options"
    );
  });

  test('names the mapped agreement target', () => {
    renderPanel({ agreementId: 'checkout-sla', targetId: 'availability' });
    expect(screen.queryByTestId('data-testid slm-slastatus-unmapped')).not.toBeInTheDocument();
    expect(screen.getByText('Agreement checkout-sla, target availability')).toBeInTheDocument();
  });
});
