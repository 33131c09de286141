import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { ContractDetailPage } from './ContractDetail';
import { ContractList } from './ContractList';

/**
 * `/a/<app>/contracts`: the customer contracts (search in the query string) and
 * `/a/<app>/contracts/<ref>`: one contract with its requirements and their gap analysis.
 */
export default function ContractsRequirements() {
  return (
    <Routes>
      <Route index element={<ContractList />} />
      <Route path=":ref" element={<ContractDetailPage />} />
    </Routes>
  );
}
