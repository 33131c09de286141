import React, { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { type AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { ROUTES } from '../../constants';

const Overview = lazy(() => import('../../pages/Overview/Overview'));
const ServiceCatalog = lazy(() => import('../../pages/ServiceCatalog/ServiceCatalog'));
const Agreements = lazy(() => import('../../pages/Agreements/Agreements'));
const ContractsRequirements = lazy(() => import('../../pages/ContractsRequirements/ContractsRequirements'));
const Breaches = lazy(() => import('../../pages/Breaches/Breaches'));
const Reviews = lazy(() => import('../../pages/Reviews/Reviews'));
const ImprovementPlans = lazy(() => import('../../pages/ImprovementPlans/ImprovementPlans'));
const Parties = lazy(() => import('../../pages/Parties/Parties'));

/**
 * The app's root page. Grafana mounts it under the route `/a/slm-servicelevel-app/*`, so the
 * paths below are relative to that; any other path shows the overview.
 */
export default function App(_props: AppRootProps) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="" />}>
      <Routes>
        <Route path={ROUTES.Overview} element={<Overview />} />
        <Route path={`${ROUTES.ServiceCatalog}/*`} element={<ServiceCatalog />} />
        <Route path={`${ROUTES.Agreements}/*`} element={<Agreements />} />
        <Route path={`${ROUTES.ContractsRequirements}/*`} element={<ContractsRequirements />} />
        <Route path={`${ROUTES.Breaches}/*`} element={<Breaches />} />
        <Route path={`${ROUTES.Reviews}/*`} element={<Reviews />} />
        <Route path={`${ROUTES.ImprovementPlans}/*`} element={<ImprovementPlans />} />
        <Route path={`${ROUTES.Parties}/*`} element={<Parties />} />
        <Route path="*" element={<Overview />} />
      </Routes>
    </Suspense>
  );
}
