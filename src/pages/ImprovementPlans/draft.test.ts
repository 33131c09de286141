import { cleaned, draftFromParams, draftOf, inputOfDraft } from './draft';
import { plan, verification } from './testFixtures';

describe('plan draft', () => {
  test('a link from a review or breach prefills the goal target and the links; a target without agreement is ignored', () => {
    const draft = draftFromParams(new URLSearchParams('review=REV-1&agreement=SLA-1&target=availability&breach=b-1'));
    expect(draft).toMatchObject({
      agreementId: 'SLA-1',
      targetId: 'availability',
      breaches: ['b-1'],
      reviews: ['REV-1'],
    });
    expect(draftFromParams(new URLSearchParams('target=availability'))).toMatchObject({
      agreementId: '',
      targetId: '',
    });
  });

  test('a stored plan round-trips to the same body, its verification kept', () => {
    const stored = plan('P-1', { verification: verification() });
    const { id, version, createdAt, createdBy, updatedAt, updatedBy, ...content } = stored;
    expect(inputOfDraft(draftOf(stored))).toEqual({ id, ...content });
  });

  test('blank measures and duplicate ids are dropped; empty goal parts are left out; a bad number goes to the engine as typed', () => {
    const draft = cleaned({
      ...draftOf(plan('P-1')),
      id: '',
      agreementId: '',
      targetId: 'availability',
      objective: ' abc ',
      by: '',
      measures: [
        { text: '  ', done: false },
        { text: ' Fix it ', done: true },
      ],
      breaches: ['b-1', ' b-1 ', ''],
      dueDate: '',
    });
    const input = inputOfDraft(draft);
    expect(input).not.toHaveProperty('id');
    expect(input.goal).toEqual({ objective: 'abc' });
    expect(input.measures).toEqual([{ text: 'Fix it', done: true }]);
    expect(input.links.breaches).toEqual(['b-1']);
    expect(input.dueDate).toBeNull();
  });
});
