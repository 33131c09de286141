import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { PlanDetailPage } from './PlanDetail';
import { EditPlanPage, NewPlanPage } from './PlanForm';
import { PlanList } from './PlanList';

/**
 * `/a/<app>/plans`: the list (filters and page in the query string); `plans/new`: a new plan
 * (prefilled from a review's or breach's link); `plans/<id>`: one plan; `plans/<id>/edit`: its form.
 */
export default function ImprovementPlans() {
  return (
    <Routes>
      <Route index element={<PlanList />} />
      <Route path="new" element={<NewPlanPage />} />
      <Route path=":id" element={<PlanDetailPage />} />
      <Route path=":id/edit" element={<EditPlanPage />} />
    </Routes>
  );
}
