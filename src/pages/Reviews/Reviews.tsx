import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { NewReviewPage } from './NewReview';
import { ReviewDetailPage } from './ReviewDetail';
import { ReviewList } from './ReviewList';

/**
 * `/a/<app>/reviews`: the list (filters and page in the query string), `/reviews/new` and
 * `/reviews/<id>`: one review with its report, meeting and improvement plans (tab in `?tab=`).
 */
export default function Reviews() {
  return (
    <Routes>
      <Route index element={<ReviewList />} />
      <Route path="new" element={<NewReviewPage />} />
      <Route path=":id" element={<ReviewDetailPage />} />
    </Routes>
  );
}
