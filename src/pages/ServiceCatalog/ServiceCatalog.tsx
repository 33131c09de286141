import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { CatalogList } from './CatalogList';
import { ServiceDetailPage } from './ServiceDetail';
import { EditServicePage, NewServicePage } from './ServiceForm';

/**
 * `/a/<app>/catalog`: the catalog; `catalog/new`: a new service; `catalog/<key>`: one service;
 * `catalog/<key>/edit`: its form. (A service keyed "new" is reached through its edit URL only.)
 */
export default function ServiceCatalog() {
  return (
    <Routes>
      <Route index element={<CatalogList />} />
      <Route path="new" element={<NewServicePage />} />
      <Route path=":key" element={<ServiceDetailPage />} />
      <Route path=":key/edit" element={<EditServicePage />} />
    </Routes>
  );
}
