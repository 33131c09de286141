import React, { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { type AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { ROUTES } from '../../constants';

const Overview = lazy(() => import(/* webpackChunkName: "page-overview" */ '../../pages/Overview/Overview'));
const ServiceCatalog = lazy(
  () => import(/* webpackChunkName: "page-service-catalog" */ '../../pages/ServiceCatalog/ServiceCatalog')
);
const Agreements = lazy(() => import(/* webpackChunkName: "page-agreements" */ '../../pages/Agreements/Agreements'));
const ContractsRequirements = lazy(
  () =>
    import(
      /* webpackChunkName: "page-contracts-requirements" */ '../../pages/ContractsRequirements/ContractsRequirements'
    )
);
const Breaches = lazy(() => import(/* webpackChunkName: "page-breaches" */ '../../pages/Breaches/Breaches'));
const Reviews = lazy(() => import(/* webpackChunkName: "page-reviews" */ '../../pages/Reviews/Reviews'));
const ImprovementPlans = lazy(
  () => import(/* webpackChunkName: "page-improvement-plans" */ '../../pages/ImprovementPlans/ImprovementPlans')
);
const Parties = lazy(() => import(/* webpackChunkName: "page-parties" */ '../../pages/Parties/Parties'));

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
