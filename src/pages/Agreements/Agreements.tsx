import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AgreementDetailPage } from './AgreementDetail';
import { AgreementList } from './AgreementList';
import { NewAgreementPage } from './NewAgreement';

/**
 * `/a/<app>/agreements`: the list (filters and page in the query string) and
 * `/a/<app>/agreements/new`: a new draft written as YAML, and
 * `/a/<app>/agreements/<id>`: one agreement (tab in the query string).
 */
export default function Agreements() {
  return (
    <Routes>
      <Route index element={<AgreementList />} />
      <Route path="new" element={<NewAgreementPage />} />
      <Route path=":id" element={<AgreementDetailPage />} />
    </Routes>
  );
}
