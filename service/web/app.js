// app.js — the self-assessment page: reads the form, builds a person document, asks the service
// (POST /rpc, one JSON-RPC batch) and shows the answers. No library and no build step.
//
// Every figure shown comes from the service: the page does no money arithmetic. Amounts stay the
// decimal strings the service sends; only the chart turns them into whole pence to place points.
'use strict';

(function () {
  const byId = (id) => document.getElementById(id);
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  // How far ahead the savings are followed as they are spent on care.
  const PROJECTION_YEARS = 15;

  // ---- text ------------------------------------------------------------------------------------

  // What a person typed as money ("£250,000", "221.2") as the service's decimal text, or null.
  function moneyText(raw) {
    const t = raw.replace(/[£,\s]/g, '');
    return /^[0-9]{1,10}(\.[0-9]{1,2})?$/.test(t) ? t : null;
  }

  // "52214.29" → "£52,214.29"
  function pounds(amount) {
    const negative = amount.startsWith('-');
    const [whole, fraction] = amount.replace('-', '').split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (negative ? '-£' : '£') + grouped + (fraction !== undefined ? '.' + fraction : '');
  }

  // "2027-01-16" → "16 January 2027"
  function dateInWords(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    return `${d} ${MONTHS[m - 1]} ${y}`;
  }

  // Whole pence, for placing points on the chart only.
  const pence = (amount) => Number(amount.replace('.', ''));

  function isoDate(year, month, day) {
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  function today() {
    const now = new Date();
    return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  // The same day `years` later (29 February becomes 28 February in other years).
  function addYears(iso, years) {
    const [y, m, d] = iso.split('-').map(Number);
    const leap = (n) => (n % 4 === 0 && n % 100 !== 0) || n % 400 === 0;
    return isoDate(y + years, m, m === 2 && d === 29 && !leap(y + years) ? 28 : d);
  }

  const dayNumber = (iso) => Date.UTC(...iso.split('-').map((v, i) => Number(v) - (i === 1 ? 1 : 0))) / 86400000;

  // ---- the form --------------------------------------------------------------------------------

  const FIELD_LABELS = {
    age: 'Enter their age in years',
    setting: 'Choose where they get care',
    fee: 'Enter the weekly cost of care in pounds, like 700 or 712.50',
    start: 'Enter the date the care started',
    savings: 'Enter their savings in pounds, like 25000 (enter 0 if they have none)',
    owns: 'Choose whether they own their home',
    'home-value': 'Enter what the home is worth in pounds',
    'lives-there': 'Choose whether a partner or close relative still lives in the home',
    income: 'Enter each weekly income in pounds, like 221.20',
    'as-of': 'Enter the date to work out the figures for',
  };

  function radioValue(name) {
    const checked = document.querySelector(`input[name="${name}"]:checked`);
    return checked ? checked.value : null;
  }

  function readForm() {
    const errors = [];
    const v = {};
    const need = (field, ok) => { if (!ok) errors.push({ field, text: FIELD_LABELS[field] }); };
    const ageText = byId('age').value.trim();
    v.age = /^[0-9]{1,3}$/.test(ageText) ? Number(ageText) : null;
    need('age', v.age !== null && v.age >= 18 && v.age <= 120);
    v.setting = radioValue('setting');
    need('setting', v.setting !== null);
    v.fee = moneyText(byId('fee').value);
    need('fee', v.fee !== null && v.fee !== '0');
    v.start = byId('start').value;
    need('start', /^\d{4}-\d{2}-\d{2}$/.test(v.start));
    v.savings = moneyText(byId('savings').value);
    need('savings', v.savings !== null);
    v.owns = radioValue('owns');
    need('owns', v.owns !== null);
    if (v.owns === 'yes') {
      v.homeValue = moneyText(byId('home-value').value);
      need('home-value', v.homeValue !== null);
      v.livesThere = radioValue('lives-there');
      need('lives-there', v.livesThere !== null);
    }
    v.income = [];
    let incomeOk = true;
    for (const [id, type] of [['state-pension', 'state_pension'], ['private-pension', 'private_pension'], ['other-income', 'other']]) {
      const raw = byId(id).value.trim();
      if (raw === '') continue;
      const weekly = moneyText(raw);
      if (weekly === null) incomeOk = false;
      else v.income.push({ type, weekly });
    }
    need('income', incomeOk);
    v.asOf = byId('as-of').value;
    need('as-of', /^\d{4}-\d{2}-\d{2}$/.test(v.asOf));
    v.scenario = byId('scenario').value;
    return { values: v, errors };
  }

  // The person document (doc/person-document.md) for the answers, with every record from `from`.
  function personDocument(v, from) {
    const care = { from, setting: v.setting, arranged_by: 'self', personal_budget: v.fee, weekly_fee: v.fee };
    if (v.setting === 'care_home') Object.assign(care, { category: 'residential', stay: 'permanent' });
    const finances = { from, savings: v.savings, income: v.income };
    if (v.owns === 'yes') finances.home = { value: v.homeValue, qualifying_relative_lives_there: v.livesThere === 'yes' };
    return {
      id: 'self-assessment',
      // Their age on the day asked about, as if their birthday were that day.
      birth_date: addYears(v.asOf, -v.age),
      household: { type: 'single' },
      needs: [{ from }],
      care: [care],
      finances: [finances],
    };
  }

  // Which question an error from the service is about, from its JSON Pointer.
  function fieldFor(pointer) {
    const rules = [[/^\/person\/birth_date/, 'age'], [/^\/person\/care\/0\/(weekly_fee|personal_budget)/, 'fee'],
      [/^\/person\/(care|needs|finances)\/0\/from/, 'start'], [/^\/person\/finances\/0\/savings/, 'savings'],
      [/^\/person\/finances\/0\/home/, 'home-value'], [/^\/person\/finances\/0\/income/, 'income'],
      [/^\/as_of/, 'as-of']];
    for (const [pattern, field] of rules) if (pattern.test(pointer || '')) return field;
    return null;
  }

  function clearErrors() {
    byId('error-summary').hidden = true;
    byId('error-list').replaceChildren();
    for (const el of document.querySelectorAll('.error-message')) { el.hidden = true; el.textContent = ''; }
    for (const el of document.querySelectorAll('.form-group--error')) el.classList.remove('form-group--error');
    for (const el of document.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      el.classList.remove('input--error');
      el.setAttribute('aria-describedby', (el.getAttribute('aria-describedby') || '').replace(/\s*\S+-error/g, '').trim());
    }
  }

  function showErrors(errors) {
    const list = byId('error-list');
    for (const { field, text } of errors) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      const group = field ? byId(`${field}-group`) : null;
      const input = group ? group.querySelector('input, select') : null;
      link.href = input ? `#${input.id}` : '#assessment';
      link.textContent = text;
      link.addEventListener('click', (e) => { if (input) { e.preventDefault(); input.focus(); } });
      item.append(link);
      list.append(item);
      if (group) {
        group.classList.add('form-group--error');
        const message = byId(`${field}-error`);
        message.textContent = text;
        message.hidden = false;
        for (const el of group.querySelectorAll('input.input')) {
          el.setAttribute('aria-invalid', 'true');
          el.classList.add('input--error');
          el.setAttribute('aria-describedby', `${el.getAttribute('aria-describedby') || ''} ${field}-error`.trim());
        }
      }
    }
    const summary = byId('error-summary');
    summary.hidden = false;
    summary.focus();
  }

  // ---- the service -----------------------------------------------------------------------------

  async function rpc(batch) {
    const response = await fetch('rpc', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(batch),
    });
    if (!response.ok) throw new Error(`the service answered ${response.status}`);
    const answers = await response.json();
    return new Map((Array.isArray(answers) ? answers : [answers]).map((a) => [a.id, a]));
  }

  async function loadScenarios() {
    const select = byId('scenario');
    const answers = await rpc([{ jsonrpc: '2.0', id: 'rules', method: 'rules.list' }]);
    const sets = answers.get('rules').result.rule_sets;
    const latest = sets[sets.length - 1];
    const reforms = latest.scenarios.filter((s) => s.reform_start !== null);
    for (const s of reforms) {
      const option = document.createElement('option');
      option.value = s.name;
      option.textContent = `From ${dateInWords(s.reform_start)} (${s.name})`;
      select.append(option);
    }
    const none = document.createElement('option');
    none.value = '';
    none.textContent = 'Do not show the cap';
    select.append(none);
  }

  // An indicative answer for the public: a figure not yet published is carried forward from its
  // last published value, and the page says so (a council's bill never is).
  const UNPUBLISHED = 'carry_forward';

  function requestsFor(v) {
    const batch = [{ jsonrpc: '2.0', id: 'now', method: 'calculate',
      params: { person: personDocument(v, v.start), as_of: v.asOf, scenario: 'current-law', unpublished: UNPUBLISHED } }];
    // Savings spent on care from the day asked about, for long enough to see them fall.
    const from = v.start > v.asOf ? v.start : v.asOf;
    batch.push({ jsonrpc: '2.0', id: 'savings', method: 'calculate',
      params: { person: personDocument(v, from), as_of: addYears(from, PROJECTION_YEARS), from, scenario: 'current-law',
        capital: 'spend_down', explain: true, unpublished: UNPUBLISHED } });
    if (v.scenario) {
      batch.push({ jsonrpc: '2.0', id: 'reform', method: 'calculate',
        params: { person: personDocument(v, v.start), as_of: v.asOf, scenario: v.scenario, unpublished: UNPUBLISHED } });
    }
    return batch;
  }

  // ---- showing the answers ---------------------------------------------------------------------

  function item(list, text) {
    const li = document.createElement('li');
    li.textContent = text;
    list.append(li);
  }

  function figureRow(list, label, amount) {
    const row = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = label;
    dd.textContent = `${pounds(amount)} a week`;
    row.append(dt, dd);
    list.append(row);
  }

  function showNow(result, v) {
    const weekly = result.account.current_weekly;
    byId('now-date').textContent = `These figures are for ${dateInWords(v.asOf)}, under the rules as they are today.` +
      (result.provisional ? ' Some allowances for that day are not published yet, so the last published ones are ' +
        'used: treat this as an estimate.' : '');
    const why = byId('why-list');
    const figures = byId('figures-list');
    why.replaceChildren();
    figures.replaceChildren();
    if (!weekly) {
      byId('person-pays').textContent = pounds('0.00');
      byId('council-pays').textContent = pounds('0.00');
      item(why, 'There is no care on that day, so nothing is charged.');
      return;
    }
    byId('person-pays').textContent = pounds(weekly.person_pays);
    byId('council-pays').textContent = pounds(weekly.council_pays);
    // The service's own sentences, when it gives them; else the figures with short labels.
    for (const sentence of result.why || []) item(why, typeof sentence === 'string' ? sentence : sentence.text);
    figureRow(figures, 'Weekly cost of the care', weekly.weekly_fee);
    figureRow(figures, 'Cost of meeting their needs (their personal budget)', weekly.personal_budget);
    figureRow(figures, 'What the financial assessment says they can afford', weekly.assessed_charge);
    if (weekly.top_up !== '0.00') figureRow(figures, 'Top-up: the cost above their personal budget', weekly.top_up);
  }

  // The first day counted capital is at or below `limit`, from the explanations of a spend-down
  // calculation (each tariff income figure names the capital it was worked out from).
  function firstDayAtOrBelow(explain, limit) {
    const entry = explain.find((e) => e.figure === 'tariff_income' && e.inputs.capital !== undefined &&
      pence(e.inputs.capital) <= pence(limit));
    return entry ? entry.from : null;
  }

  function ruleValue(explain, parameter) {
    for (const e of explain) for (const r of e.rules) if (r.parameter === parameter) return r.value;
    return null;
  }

  function showSavings(result, v) {
    const list = byId('savings-list');
    list.replaceChildren();
    byId('savings-note').textContent = `This assumes their savings pay for whatever their income does not, from ` +
      `${dateInWords(v.start > v.asOf ? v.start : v.asOf)}, and that nothing else changes (allowances not yet published ` +
      `stay at their last published figures). We look ${PROJECTION_YEARS} years ahead.`;
    const explain = result.explain || [];
    const upper = ruleValue(explain, 'means_test.upper_capital_limit');
    const lower = ruleValue(explain, 'means_test.lower_capital_limit');
    const first = result.periods.length > 0 ? result.periods[0].from : null;
    for (const [limit, name, then, already] of [
      [upper, 'upper', 'the council starts paying toward the care', 'so the council pays toward the care'],
      [lower, 'lower', 'their savings no longer count toward what they pay', 'so their savings do not count toward what they pay']]) {
      if (!limit) continue;
      const day = firstDayAtOrBelow(explain, limit);
      if (day === null) item(list, `Their savings would not fall to the ${name} limit of ${pounds(limit)} within ${PROJECTION_YEARS} years.`);
      else if (day === first) item(list, `Their savings are at or below the ${name} limit of ${pounds(limit)} already, ${already}.`);
      else item(list, `On ${dateInWords(day)} their savings would fall to the ${name} limit of ${pounds(limit)}: ${then}.`);
    }
    const councilFrom = result.periods.find((p) => p.weekly.council_pays !== '0.00');
    if (councilFrom) item(list, `The council would pay ${pounds(councilFrom.weekly.council_pays)} a week from ${dateInWords(councilFrom.from)}.`);
  }

  function showReform(result) {
    const heading = byId('cap-heading');
    const summary = byId('cap-summary');
    const figure = byId('cap-figure');
    heading.hidden = summary.hidden = false;
    const a = result.account;
    const start = result.scenario.reform_start;
    figure.hidden = true;
    if (a.cap === null) {
      summary.textContent = `The cap would start on ${dateInWords(start)}. Nothing counts toward it before then.`;
      return;
    }
    let text = `If the cap of ${pounds(a.cap)} started on ${dateInWords(start)}, ${pounds(a.accrued)} would count toward it by ` +
      `${dateInWords(result.as_of)}, leaving ${pounds(a.remaining)}.`;
    if (a.cap_reached_on) text += ` They would have reached the cap on ${dateInWords(a.cap_reached_on)}.`;
    else if (a.projected_cap_date) {
      text += ` With ${pounds(a.current_weekly.accruing)} a week counting toward it, they would reach the cap on about ` +
        `${dateInWords(a.projected_cap_date)}.`;
    } else text += ' Nothing counts toward it at the moment, so there is no date they would reach it.';
    summary.textContent = text;
    const svg = capChart(result);
    if (svg) {
      byId('cap-chart').replaceChildren(svg);
      byId('cap-caption').textContent = 'The solid line is what has counted toward the cap so far; the dashed line ' +
        'carries on at the current weekly amount until the cap.';
      figure.hidden = false;
    }
  }

  // An inline SVG: what has counted toward the cap over time, and the rest at today's rate.
  function capChart(result) {
    const a = result.account;
    const start = result.scenario.reform_start;
    const points = [[start, 0]];
    for (const p of result.periods) if (p.to >= start) points.push([p.to, pence(p.accrued_at_end)]);
    const end = a.cap_reached_on || a.projected_cap_date || result.as_of;
    const cap = pence(a.cap);
    if (points.length < 2 || cap <= 0) return null;
    const W = 640, H = 320, left = 90, right = 20, top = 20, bottom = 50;
    const x0 = dayNumber(start), x1 = Math.max(dayNumber(end), x0 + 1);
    const x = (iso) => left + (dayNumber(iso) - x0) / (x1 - x0) * (W - left - right);
    const y = (p) => top + (1 - p / cap) * (H - top - bottom);
    const ns = 'http://www.w3.org/2000/svg';
    const el = (name, attrs, text) => {
      const e = document.createElementNS(ns, name);
      for (const [k, val] of Object.entries(attrs)) e.setAttribute(k, String(val));
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'cap-chart-title cap-chart-desc' });
    svg.append(el('title', { id: 'cap-chart-title' }, 'Progress toward the cap on care costs'));
    svg.append(el('desc', { id: 'cap-chart-desc' }, byId('cap-summary').textContent));
    svg.append(el('line', { x1: left, y1: y(0), x2: W - right, y2: y(0), stroke: '#0b0c0c' }));
    svg.append(el('line', { x1: left, y1: top, x2: left, y2: y(0), stroke: '#0b0c0c' }));
    svg.append(el('line', { x1: left, y1: y(cap), x2: W - right, y2: y(cap), stroke: '#d4351c', 'stroke-width': 2, 'stroke-dasharray': '6 4' }));
    svg.append(el('text', { x: left - 8, y: y(cap) + 5, 'text-anchor': 'end', 'font-size': 14 }, pounds(a.cap).replace('.00', '')));
    svg.append(el('text', { x: left - 8, y: y(0) + 5, 'text-anchor': 'end', 'font-size': 14 }, '£0'));
    const path = points.map(([d, p], i) => `${i ? 'L' : 'M'}${x(d).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
    svg.append(el('path', { d: path, fill: 'none', stroke: '#1d70b8', 'stroke-width': 4 }));
    const [lastDay, lastPence] = points[points.length - 1];
    if (!a.cap_reached_on && a.projected_cap_date) {
      svg.append(el('line', { x1: x(lastDay), y1: y(lastPence), x2: x(a.projected_cap_date), y2: y(cap),
        stroke: '#1d70b8', 'stroke-width': 3, 'stroke-dasharray': '8 6' }));
    }
    for (const [d, anchor] of [[start, 'start'], [end, 'end']]) {
      svg.append(el('text', { x: x(d), y: H - 20, 'text-anchor': anchor, 'font-size': 14 }, dateInWords(d)));
    }
    return svg;
  }

  function showResults(answers, v) {
    const errors = [];
    for (const [id, answer] of answers) {
      if (answer.error) {
        const pointer = answer.error.data && answer.error.data.pointer;
        errors.push({ field: fieldFor(pointer), text: `${answer.error.message}` + (id === 'reform' ? ' (under the cap)' : '') });
      }
    }
    if (errors.length > 0) return showErrors(errors);
    showNow(answers.get('now').result, v);
    showSavings(answers.get('savings').result, v);
    if (answers.has('reform')) showReform(answers.get('reform').result);
    else {
      byId('cap-heading').hidden = byId('cap-summary').hidden = byId('cap-figure').hidden = true;
    }
    const results = byId('results');
    results.hidden = false;
    byId('results-heading').focus();
  }

  async function onSubmit(event) {
    event.preventDefault();
    clearErrors();
    const { values, errors } = readForm();
    if (errors.length > 0) return showErrors(errors);
    const button = byId('calculate');
    button.disabled = true;
    try {
      showResults(await rpc(requestsFor(values)), values);
    } catch (e) {
      showErrors([{ field: null, text: `Sorry, the figures could not be worked out: ${e.message}. Try again later.` }]);
    } finally {
      button.disabled = false;
    }
  }

  function showHomeQuestions() {
    byId('home-questions').hidden = radioValue('owns') !== 'yes';
  }

  function init() {
    byId('as-of').value = today();
    byId('assessment').addEventListener('submit', onSubmit);
    for (const r of document.querySelectorAll('input[name="owns"]')) r.addEventListener('change', showHomeQuestions);
    byId('start-again').addEventListener('click', (e) => { e.preventDefault(); byId('age').focus(); });
    loadScenarios().catch((e) => showErrors([{ field: null, text: `Sorry, the service is not answering (${e.message}).` }]));
  }

  init();
})();
