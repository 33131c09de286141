import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { PartyDetailPage } from './PartyDetail';
import { EditPartyPage, NewPartyPage } from './PartyForm';
import { PartyList } from './PartyList';

/**
 * `/a/<app>/parties`: customers, internal teams and suppliers (kind and search in the query
 * string); `parties/new`; `parties/<key>`: one party with its contacts; `parties/<key>/edit`.
 */
export default function Parties() {
  return (
    <Routes>
      <Route index element={<PartyList />} />
      <Route path="new" element={<NewPartyPage />} />
      <Route path=":key" element={<PartyDetailPage />} />
      <Route path=":key/edit" element={<EditPartyPage />} />
    </Routes>
  );
}
