import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CalendarView } from './CalendarView';

const props = {
  timezone: 'Asia/Shanghai',
  serviceHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }],
  holidays: ['2026-10-01'],
  maintenance: [{ from: '2026-10-10T22:00', to: '2026-10-11T02:00', reason: 'database upgrade' }],
  initialMonth: '2026-10',
};

const day = (date: string) => screen.getByTestId(`slm-calendar-day-${date}`);

test('shows service hours, a holiday and a maintenance window in their cells, with a legend', () => {
  render(<CalendarView {...props} />);
  expect(screen.getByTestId('slm-calendar-title')).toHaveTextContent('October 2026');
  expect(screen.getByText('Times in Asia/Shanghai')).toBeInTheDocument();

  expect(day('2026-10-05')).toHaveAttribute('data-hours', '08:00-18:00');
  expect(within(day('2026-10-05')).getByTestId('slm-calendar-hours')).toHaveTextContent('08:00–18:00');
  expect(day('2026-10-04')).toHaveAttribute('data-hours', '');
  expect(day('2026-10-04')).toHaveAccessibleName('2026-10-04; no service hours');

  expect(day('2026-10-01')).toHaveAttribute('data-holiday', 'true');
  expect(within(day('2026-10-01')).getByText('Holiday')).toBeInTheDocument();
  expect(day('2026-10-01')).toHaveAccessibleName('2026-10-01; holiday, not measured');

  expect(within(day('2026-10-10')).getByTestId('slm-calendar-maintenance')).toHaveTextContent('22:00–24:00 …');
  expect(within(day('2026-10-11')).getByTestId('slm-calendar-maintenance')).toHaveTextContent('… 00:00–02:00');
  expect(day('2026-10-11')).toHaveAccessibleName('2026-10-11; no service hours; maintenance 00:00–02:00');
  expect(within(day('2026-10-12')).queryByTestId('slm-calendar-maintenance')).not.toBeInTheDocument();

  const legend = screen.getByTestId('slm-calendar-legend');
  expect(legend).toHaveTextContent('Service hours (measured)');
  expect(legend).toHaveTextContent('Holiday (not measured)');
  expect(legend).toHaveTextContent('Maintenance window (not measured)');
});

test('months change with the buttons and with Page Up / Page Down from the keyboard', async () => {
  render(<CalendarView {...props} />);
  const calendar = screen.getByTestId('slm-calendar');
  await userEvent.click(screen.getByRole('button', { name: 'Next month (Page Down)' }));
  expect(calendar).toHaveAttribute('data-month', '2026-11');
  expect(screen.getByTestId('slm-calendar-title')).toHaveTextContent('November 2026');

  // keyboard only: tab to the grid, then page through the months
  screen.getByRole('table').focus();
  await userEvent.keyboard('{PageDown}{PageDown}');
  expect(calendar).toHaveAttribute('data-month', '2027-01');
  await userEvent.keyboard('{PageUp}');
  expect(calendar).toHaveAttribute('data-month', '2026-12');
  await userEvent.click(screen.getByRole('button', { name: 'Previous month (Page Up)' }));
  expect(calendar).toHaveAttribute('data-month', '2026-11');
  expect(within(day('2026-11-02')).getByTestId('slm-calendar-hours')).toHaveTextContent('08:00–18:00');
});
