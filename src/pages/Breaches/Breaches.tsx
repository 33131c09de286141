import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { BreachDetailPage } from './BreachDetail';
import { BreachList } from './BreachList';

/**
 * `/a/<app>/breaches`: the list (filters and page in the query string) and
 * `/a/<app>/breaches/<id>`: one breach with its handling and report.
 */
export default function Breaches() {
  return (
    <Routes>
      <Route index element={<BreachList />} />
      <Route path=":id" element={<BreachDetailPage />} />
    </Routes>
  );
}
