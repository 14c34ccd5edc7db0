// schemas.test.mjs — the JSON Schemas in service/schema/ against real documents: every person of
// the bundled county and of tests/cases, the scenarios of tests/cases, and the results the real
// program gives for them (calculate with and without explain, compare, recalc of the county).
// Documents the readers refuse must fail too, so the schemas are seen to be precise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sourceDir, schemaFiles, readJson, jsonFilesUnder, run, serve, rulesDir, readmePerson } from './support/caremeter.mjs';

function makeAjv() {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  for (const file of schemaFiles()) ajv.addSchema(readJson(file));
  return ajv;
}
const ajv = makeAjv();
const validator = (id) => {
  const v = ajv.getSchema(id);
  assert.ok(v, `schema ${id} is loaded`);
  return v;
};
const person = validator('person.schema.json');
const scenario = validator('scenario.schema.json');
const accountResult = validator('account-result.schema.json');
const compareResult = validator('compare-result.schema.json');
const statement = validator('statement.schema.json');
const calculateParams = validator('calculate-params.schema.json');
const compareParams = validator('compare-params.schema.json');

function assertValid(validate, doc, what) {
  const ok = validate(doc);
  assert.ok(ok, `${what} does not validate: ${ajv.errorsText(validate.errors)}`);
}

const countyFiles = readdirSync(path.join(sourceDir, 'bench/data'))
  .filter((f) => /^county-.*\.jsonl$/.test(f))
  .map((f) => path.join(sourceDir, 'bench/data', f));

// Cases with a person and a request (tests/cases/examples, tests/cases/independent).
const cases = jsonFilesUnder(path.join(sourceDir, 'tests/cases'))
  .map((file) => ({ file, doc: readJson(file) }))
  .filter(({ doc }) => doc.person && doc.request);

test('the schemas compile under JSON Schema 2020-12 in strict mode', () => {
  assert.equal(schemaFiles().length, 9);
  for (const file of schemaFiles()) {
    const s = readJson(file);
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema', file);
    assert.equal(s.$id, path.basename(file), file);
  }
});

// rules/schema documents the rule-file formats for editors (rules check enforces them): every
// shipped rule file, format 1 and 2, national and council, must fit its description.
test('the rule-file schemas describe every shipped rule file', () => {
  const rulesAjv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  const national = rulesAjv.compile(readJson(path.join(sourceDir, 'rules/schema/national.schema.json')));
  const council = rulesAjv.compile(readJson(path.join(sourceDir, 'rules/schema/council.schema.json')));
  const files = jsonFilesUnder(path.join(sourceDir, 'rules')).filter((f) => !f.includes(`${path.sep}schema${path.sep}`));
  let n = 0;
  for (const file of files) {
    const rel = path.relative(path.join(sourceDir, 'rules'), file);
    if (rel.startsWith('england')) assertValid(national, readJson(file), rel);
    else if (rel.startsWith('councils')) assertValid(council, readJson(file), rel);
    else continue;
    ++n;
  }
  assert.ok(n >= 6, `${n} rule files`);
  const open = readJson(path.join(sourceDir, 'rules/england/2026-04.json'));
  open.parameters['means_test.personal_expenses_allowance'].review = 'sometimes';
  assert.equal(national(open), false);
});

test('every person of the bundled county validates', () => {
  assert.ok(countyFiles.length >= 1);
  let n = 0;
  for (const file of countyFiles) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      assertValid(person, JSON.parse(line), `${path.basename(file)} person ${++n}`);
    }
  }
  assert.ok(n >= 1873, `read ${n} people`);  // bench/data/county-open.jsonl has 1,873
});

test('every person document in tests/cases validates, and the refused ones do not', () => {
  assert.ok(cases.length >= 30, `found ${cases.length} cases`);
  for (const { file, doc } of cases) assertValid(person, doc.person, file);
  const dir = path.join(sourceDir, 'tests/cases/calculate');
  assertValid(person, readJson(path.join(dir, 'valid-person.json')), 'valid-person.json');
  // A misspelt field and a fee with three decimals: both refused by the reader, so by the schema.
  assert.equal(person(readJson(path.join(dir, 'unknown-field.json'))), false);
  assert.equal(person(readJson(path.join(dir, 'bad-weekly-fee.json'))), false);
  assert.equal(person(readmePerson), true);
});

test('the person schema refuses what the reader refuses', () => {
  const base = structuredClone(readmePerson);
  const variants = [
    ['money with three decimals', (p) => { p.finances[0].savings = '12.345'; }],
    ['money above £1,000,000,000', (p) => { p.finances[0].savings = '1000000000.01'; }],
    ['a negative amount', (p) => { p.care[0].weekly_fee = '-1.00'; }],
    ['a date in another format', (p) => { p.birth_date = '14/03/1946'; }],
    ['a date that does not exist', (p) => { p.birth_date = '1946-02-30'; }],
    ['an unknown income type', (p) => { p.finances[0].income[0].type = 'lottery'; }],
    ['a care home without a category', (p) => { delete p.care[0].category; }],
    ['hours in a care home', (p) => { p.care[0].hours_per_week = '10'; }],
    ['home care with neither hours nor a budget', (p) => {
      p.care[0] = { from: '2023-10-01', setting: 'home_care', arranged_by: 'council' };
    }],
    ['more than 168 hours a week', (p) => {
      p.care[0] = { from: '2023-10-01', setting: 'home_care', arranged_by: 'council', hours_per_week: '168.01' };
    }],
    ['community care without a budget', (p) => {
      p.care[0] = { from: '2023-10-01', setting: 'community', arranged_by: 'council' };
    }],
    ['an exclusion without to', (p) => { p.exclusions = [{ from: '2024-01-01', reason: 's117_aftercare' }]; }],
    ['a premium listed twice', (p) => { p.household.premiums = ['carer', 'carer']; }],
    ['21 dependent children', (p) => { p.household.dependent_children = 21; }],
    ['an empty id', (p) => { p.id = ''; }],
  ];
  for (const [what, change] of variants) {
    const p = structuredClone(base);
    change(p);
    assert.equal(person(p), false, `${what} should not validate`);
    // The program refuses it too (so the schema is not stricter than it says).
    const answers = serve([{ jsonrpc: '2.0', id: 1, method: 'calculate', params: { person: p, as_of: '2025-09-30' } }]);
    assert.ok(answers.get(1).error, `${what}: the program accepted it`);
  }
  // Money as a JSON number: the reader takes an exact number, the schema asks for the string form.
  const numeric = structuredClone(base);
  numeric.finances[0].savings = 1000;
  assert.equal(person(numeric), false);
  for (const [what, change] of [
    ['home care with hours', (p) => {
      p.care[0] = { from: '2023-10-01', setting: 'home_care', arranged_by: 'council', hours_per_week: '168' };
      p.needs[0].council = 'example-shire';
    }],
    ['half an hour of home care', (p) => {
      p.care[0] = { from: '2023-10-01', setting: 'home_care', arranged_by: 'self', hours_per_week: '0.5',
                    personal_budget: '20.00' };
    }],
    ['a home and a death date', (p) => {
      p.finances[0].home = { value: '250000', qualifying_relative_lives_there: true };
      p.death_date = '2026-01-01';
    }],
  ]) {
    const p = structuredClone(base);
    change(p);
    assertValid(person, p, what);
    const answers = serve([{ jsonrpc: '2.0', id: 1, method: 'calculate', params: { person: p, as_of: '2025-09-30' } }]);
    assert.ok(answers.get(1).result, `${what}: ${JSON.stringify(answers.get(1).error)}`);
  }
});

// A person with nursing care funding, night care, joint and notional capital, the relative who
// left, half a pension paid to a spouse and a deferred payment agreement (doc/person-document.md).
const lawPerson = {
  id: 'P-LAW', birth_date: '1941-05-02', household: { type: 'single' },
  needs: [{ from: '2025-04-07', council: 'example-shire' }],
  care: [
    { from: '2025-04-07', to: '2025-04-30', setting: 'home_care', hours_per_week: '10', arranged_by: 'council',
      night_care_arranged: false },
    { from: '2025-05-01', setting: 'care_home', category: 'nursing', stay: 'permanent', arranged_by: 'council',
      personal_budget: '900.00', weekly_fee: '1200.00', weekly_fee_includes_fnc: true, fnc_rate: 'standard' },
  ],
  finances: [
    { from: '2025-04-07', savings: '1000.00', joint_capital: [{ amount: '9000.00', owners: 3 }],
      home: { value: '120000.00', owners: 2, relative_left_reason: 'died', relative_lived_there_before_admission: true },
      income: [{ type: 'state_pension', weekly: '200.00' },
               { type: 'private_pension', weekly: '40.00', half_paid_to_spouse: true },
               { type: 'attendance_allowance', weekly: '110.40' }] },
  ],
  notional_capital: [{ from: '2025-06-02', amount: '20000.00' }],
  deferred_payments: [{ from: '2025-08-01', to: null, property_value: '120000.00', secured_debt: '0.00',
                        interest_rate: '2.00', setup_fee: '500.00', fees: [{ on: '2025-12-01', amount: '50.00' }],
                        disposable_income_allowance: '144.00' }],
};

// The repository's rules with a later national version giving the figures these rules need
// (the published FNC rate, the DPA maximum interest rate and allowance), for results that show
// them. Not a rule file of the product: a copy in a scratch directory.
function rulesWithNewFigures() {
  const dir = mkdtempSync(path.join(tmpdir(), 'caremeter-rules-'));
  for (const sub of ['england', 'councils']) cpSync(path.join(rulesDir, sub), path.join(dir, sub), { recursive: true });
  const national = readJson(path.join(rulesDir, 'england/2025-04.json'));
  delete national.$schema;
  national.version = '2099-01';
  const value = (from, to, v) => ({ from, to, value: v, source: 'schema test copy', status: 'confirmed' });
  national.parameters['fnc.standard_rate'] = { unit: 'pounds_per_week', values: [value('2025-04-01', '2026-03-31', '254.06')] };
  national.parameters['deferred_payment.maximum_interest_rate'] = { unit: 'percent', values: [value('2025-01-01', '2025-06-30', '4.25'), value('2025-07-01', '2025-12-31', '4.25')] };
  national.parameters['deferred_payment.disposable_income_allowance'] = { unit: 'pounds_per_week', values: [value('2015-04-01', null, '144.00')] };
  writeFileSync(path.join(dir, 'england/2099-01.json'), JSON.stringify(national));
  return dir;
}

test('the newer fields of the person document validate, and results showing them too', () => {
  assertValid(person, lawPerson, 'the law person');
  const refused = [
    ['FNC on a residential place', (p) => { p.care[1].category = 'residential'; }],
    ['a gross fee without a fee', (p) => { delete p.care[1].weekly_fee; }],
    ['night care in a care home', (p) => { p.care[1].night_care_arranged = true; }],
    ['a joint asset with one owner', (p) => { p.finances[0].joint_capital[0].owners = 1; }],
    ['a reason while the relative lives there', (p) => { p.finances[0].home.qualifying_relative_lives_there = true; }],
    ['a reason without whether they lived there before', (p) => { delete p.finances[0].home.relative_lived_there_before_admission; }],
    ['half of a state pension to a spouse', (p) => { p.finances[0].income[0].half_paid_to_spouse = true; }],
    ['an interest rate above 100%', (p) => { p.deferred_payments[0].interest_rate = '100.01'; }],
    ['an agreement without the property value', (p) => { delete p.deferred_payments[0].property_value; }],
  ];
  for (const [what, change] of refused) {
    const p = structuredClone(lawPerson);
    change(p);
    assert.equal(person(p), false, `${what} should not validate`);
    const answers = serve([{ jsonrpc: '2.0', id: 1, method: 'calculate', params: { person: p, as_of: '2025-09-30' } }]);
    assert.ok(answers.get(1).error, `${what}: the program accepted it`);
  }
  const rules = rulesWithNewFigures();
  const input = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'calculate',
                                 params: { person: lawPerson, as_of: '2025-12-31', explain: true } }) + '\n';
  const r = run(['serve', '--db', ':memory:', '--rules', rules], input);
  assert.equal(r.status, 0, r.stderr);
  const answer = JSON.parse(r.stdout.split('\n')[0]);
  assert.ok(answer.result, JSON.stringify(answer.error));
  assertValid(accountResult, answer.result, 'the law person\'s result');
  assert.equal(answer.result.deferred_payments.length, 1);
  assert.ok(answer.result.periods.some((p) => p.weekly.nhs_nursing_care === '254.06'));
});

test('every scenario in tests/cases validates, and a refused one does not', () => {
  let n = 0;
  for (const { file, doc } of cases) {
    if (doc.request.scenario !== undefined) {
      assertValid(scenario, doc.request.scenario, file);
      ++n;
    }
  }
  assert.ok(n >= 20, `${n} scenarios`);
  const dir = path.join(sourceDir, 'tests/cases/calculate');
  assertValid(scenario, readJson(path.join(dir, 'scenario-later-reform.json')), 'scenario-later-reform.json');
  assert.equal(scenario(readJson(path.join(dir, 'scenario-bad-parameter.json'))), false);
  assert.equal(scenario({ base: 'reform-2025-10', parameters: { 'reform.cap': 'lots' } }), false);
  assert.equal(scenario({ base: 'reform-2025-10', parameters: { 'mig.carer_premium': '1.00' } }), false);
  assert.equal(scenario({ reform_start: '2028-04-01' }), false);
  assertValid(scenario, { base: 'reform-2025-10', parameters: { 'reform.cap': [{ from: '2030-04-01', value: '100000' }],
                                                                'reform.meter_full_cost': { value: true, source: 'a what-if' } } }, 'dated values');
});

test('every result the program gives for the cases validates (calculate, with explain, compare)', () => {
  const requests = [];
  cases.forEach(({ doc }, i) => {
    requests.push({ jsonrpc: '2.0', id: `c${i}`, method: 'calculate', params: { person: doc.person, ...doc.request } });
    requests.push({ jsonrpc: '2.0', id: `e${i}`, method: 'calculate',
                    params: { person: doc.person, ...doc.request, explain: true, capital: 'spend_down' } });
    const { scenario: s, explain, ...rest } = doc.request;
    requests.push({ jsonrpc: '2.0', id: `m${i}`, method: 'compare',
                    params: { person: doc.person, ...rest,
                              scenarios: ['current-law', 'reform-2023-10', s ?? 'reform-2025-10'] } });
  });
  for (const r of requests) {
    assertValid(r.method === 'compare' ? compareParams : calculateParams, r.params, `params of ${r.id}`);
  }
  const answers = serve(requests);
  let results = 0;
  cases.forEach(({ file }, i) => {
    for (const kind of ['c', 'e']) {
      const a = answers.get(`${kind}${i}`);
      if (a.error) continue;  // some cases expect an error; those are not results
      assertValid(accountResult, a.result, `${file} (${kind})`);
      ++results;
    }
    const m = answers.get(`m${i}`);
    if (!m.error) assertValid(compareResult, m.result, `${file} (compare)`);
  });
  assert.ok(results >= 60, `${results} results validated`);
});

// The request's words for what to do past what the rules know; the command line's spelling
// (carry-forward) is not the request's, and the reader refuses it, so the schema must too.
test('unpublished takes the request words only', () => {
  const base = { person: readmePerson, as_of: '2026-05-01' };
  for (const word of ['refuse', 'carry_forward', 'project']) {
    assertValid(calculateParams, { ...base, unpublished: word }, word);
    assertValid(compareParams, { ...base, scenarios: ['current-law'], unpublished: word }, word);
  }
  assert.equal(calculateParams({ ...base, unpublished: 'carry-forward' }), false);
  const answers = serve([{ jsonrpc: '2.0', id: 1, method: 'calculate', params: { ...base, unpublished: 'carry-forward' } },
                         { jsonrpc: '2.0', id: 2, method: 'calculate', params: { ...base, unpublished: 'carry_forward' } }]);
  assert.equal(answers.get(1).error.code, -32602);
  assertValid(accountResult, answers.get(2).result, 'a carried-forward result');
  assert.equal(answers.get(2).result.provisional[0].parameter, 'means_test.personal_expenses_allowance');
});

// A scenario's projection, and a projected result (figures, people's amounts, the cap).
test('projections and projected results validate', () => {
  const custom = { base: 'reform-2025-10', projection: { national_figures: '2.00', incomes: { state_pension: 4 },
                                                         fees: '3.5', cap_and_dlc: '3.50', source: 'a what-if' } };
  assertValid(scenario, custom, 'a scenario with a projection');
  assertValid(scenario, { base: 'current-law', projection: null }, 'no projection');
  assert.equal(scenario({ base: 'current-law', projection: { incomes: { state_pensoin: '4' } } }), false);
  assert.equal(scenario({ base: 'current-law', projection: { fees: '101' } }), false);
  const params = { person: readmePerson, as_of: '2028-05-01', scenario: custom, unpublished: 'project', explain: true };
  assertValid(calculateParams, params, 'params');
  const answers = serve([{ jsonrpc: '2.0', id: 1, method: 'calculate', params }]);
  const result = answers.get(1).result;
  assert.ok(result, JSON.stringify(answers.get(1)));
  assertValid(accountResult, result, 'a projected result');
  assert.ok(result.projected.some((v) => v.parameter === 'reform.cap'), JSON.stringify(result.projected));
  assert.ok(result.periods.some((p) => p.projected === true));
});

test('every result of a recalculation of the bundled county validates', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'caremeter-schema-')), 'recalc.jsonl');
  for (const [scenarioName, capital] of [['reform-2025-10', 'spend_down'], ['current-law', 'assessed']]) {
    // Past 5 April 2026, so the figures are carried forward: results list them as provisional.
    const r = run(['recalc', '--people', countyFiles[0], '--as-of', '2027-03-31', '--scenario', scenarioName,
                   '--capital', capital, '--unpublished', 'carry-forward', '--rules', rulesDir, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    let n = 0;
    let lines = 0;
    let provisional = 0;
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (line === '') continue;
      ++lines;
      const doc = JSON.parse(line);
      if (doc.error) continue;
      assertValid(accountResult, doc, `recalc line ${n + 1}`);
      if (doc.provisional) ++provisional;
      ++n;
    }
    // Every person of the bundled county (1,873) has a result: no error lines.
    assert.ok(n >= 1873 && n === lines, `${n} results of ${lines} lines`);
    assert.ok(provisional >= 100, `${provisional} provisional results`);
  }
});

test('statements validate, with and without adjustments', () => {
  const put = (person, id) => ({ jsonrpc: '2.0', id, method: 'person.put', params: { person } });
  const issue = (id, periodEnd, scenarioName) => ({ jsonrpc: '2.0', id, method: 'account.statement',
    params: { person_id: 'P-000123', period_end: periodEnd, scenario: scenarioName } });
  const corrected = structuredClone(readmePerson);
  corrected.care[0].weekly_fee = '720.00';
  corrected.care[0].personal_budget = '720.00';
  const dir = mkdtempSync(path.join(tmpdir(), 'caremeter-schema-'));
  const db = path.join(dir, 's.db');
  const input = [put(readmePerson, 1), issue(2, '2024-09-30', 'reform-2023-10'), put(corrected, 3),
                 issue(4, '2025-09-30', 'reform-2023-10'), issue(5, '2025-09-30', 'current-law')]
    .map((r) => JSON.stringify(r)).join('\n') + '\n';
  const r = run(['serve', '--db', db, '--rules', rulesDir], input);
  assert.equal(r.status, 0, r.stderr);
  const answers = new Map(r.stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l)).map((a) => [a.id, a]));
  for (const id of [2, 4, 5]) assertValid(statement, answers.get(id).result, `statement ${id}`);
  assert.notEqual(answers.get(4).result.adjustments, null, 'the second statement has adjustments');
  assert.equal(answers.get(5).result.cap, null);
});
