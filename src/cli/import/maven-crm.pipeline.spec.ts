import { NormalisationLog } from './normalisations';
import { NO_ACCOUNT, PIPELINE_COLUMNS, PIPELINE_FILE, readPipeline } from './maven-crm.pipeline';
import { csvRows } from './testing';

const references = {
  agentIds: new Map([['Moses Frase', 'moses-frase']]),
  accountIds: new Map([['Cancity', 'cancity']]),
  products: new Map([['gtxpro', { name: 'GTX Pro', salesPrice: '4821.00' }]]),
};
const read = (...lines: string[][]) => {
  const normalisations = new NormalisationLog();
  return { ...readPipeline(csvRows(PIPELINE_FILE, PIPELINE_COLUMNS, lines), references, normalisations), normalisations: normalisations.list() };
};
const opportunity = (overrides: Partial<Record<(typeof PIPELINE_COLUMNS)[number], string>> = {}) => {
  const row = { opportunity_id: 'Z063OYW0', sales_agent: 'Moses Frase', product: 'GTXPro', account: 'Cancity', deal_stage: 'Won', engage_date: '2016-10-25', close_date: '2017-03-11', close_value: '4514', ...overrides };
  return PIPELINE_COLUMNS.map((column) => row[column]);
};

describe('sales_pipeline.csv', () => {
  it('opens a won deal at its engage_date, closes it with its value, under the catalogue name of its product', () => {
    const { deals, normalisations } = read(opportunity());
    expect(deals).toEqual([
      {
        source: { file: PIPELINE_FILE, line: 2 },
        id: 'Z063OYW0',
        accountId: 'cancity',
        managerId: 'moses-frase',
        product: { name: 'GTX Pro', salesPrice: '4821.00' },
        openedAt: '2016-10-25T00:00:00.000Z',
        closing: { outcome: 'won', closedAt: '2017-03-11T00:00:00.000Z', amount: '4514.00' },
      },
    ]);
    expect(normalisations).toEqual([{ file: PIPELINE_FILE, column: 'product', from: 'GTXPro', to: 'GTX Pro', rows: 1 }]);
  });

  it('closes lost deals lost, and leaves Engaging and Prospecting open (a prospect with no date)', () => {
    const { deals } = read(
      opportunity({ opportunity_id: 'L1', deal_stage: 'Lost', close_value: '0' }),
      opportunity({ opportunity_id: 'E1', deal_stage: 'Engaging', close_date: '', close_value: '' }),
      opportunity({ opportunity_id: 'P1', deal_stage: 'Prospecting', engage_date: '', close_date: '', close_value: '' }),
    );
    expect(deals.map(({ id, openedAt, closing }) => [id, openedAt, closing?.outcome])).toEqual([
      ['L1', '2016-10-25T00:00:00.000Z', 'lost'],
      ['E1', '2016-10-25T00:00:00.000Z', undefined],
      ['P1', undefined, undefined],
    ]);
  });

  it('rejects an opportunity without an account, with that reason alone', () => {
    const { deals, rejected } = read(opportunity({ account: '', deal_stage: 'Engaging', close_date: '', close_value: '' }));
    expect([deals, rejected]).toEqual([[], [{ file: PIPELINE_FILE, line: 2, reason: NO_ACCOUNT }]]);
  });

  it('gives every reason a row is refused, in one line', () => {
    const { rejected } = read(opportunity({ sales_agent: 'Nobody', account: 'Initrode', product: 'Hoverboard', deal_stage: 'Won', close_date: '', close_value: 'a lot' }));
    expect(rejected).toEqual([
      {
        file: PIPELINE_FILE,
        line: 2,
        reason: [
          'sales_agent "Nobody" is not in sales_teams.csv',
          'account "Initrode" is not in accounts.csv',
          'product "Hoverboard" is not in products.csv',
          'a Won opportunity needs a close_date',
          'close_value "a lot" is not an amount in USD (digits, at most 2 decimals)',
        ].join('; '),
      },
    ]);
  });

  it('rejects an unknown stage and a repeated opportunity_id', () => {
    const { deals, rejected } = read(opportunity(), opportunity(), opportunity({ opportunity_id: 'X1', deal_stage: 'Negotiating' }));
    expect(deals).toHaveLength(1);
    expect(rejected).toEqual([
      { file: PIPELINE_FILE, line: 3, reason: 'opportunity_id Z063OYW0 repeats line 2' },
      { file: PIPELINE_FILE, line: 4, reason: 'deal_stage "Negotiating" is not one of Won, Lost, Engaging, Prospecting' },
    ]);
  });
});
