// The stream's alerts and windows: read from /api/stream-outputs (built from the stream's files, so a reload
// shows the same), once a second. Open alerts also mark their sensor's card, which dashboard.js draws.
'use strict';

(() => {
  const pollMs = 500;
  const ruleText = { out_of_range: 'out of range', spike: 'spike', stuck: 'stuck', silent: 'silent' };
  const $ = (id) => document.getElementById(id);
  const cell = (text, className) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  };
  const row = (attrs, ...cells) => {
    const tr = document.createElement('tr');
    for (const [name, value] of Object.entries(attrs)) tr.setAttribute(name, value);
    tr.append(...cells);
    return tr;
  };
  const number = (value, digits = 1) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));

  function showAlerts(view) {
    $('open-alerts').tBodies[0].replaceChildren(...view.openAlerts.map((alert) =>
      row({ 'data-alert': alert.alertId, 'data-rule': alert.rule, 'data-sensor': String(alert.sensorId) },
        cell(alert.raisedAt), cell(`Sensor ${alert.sensorId}`), cell(ruleText[alert.rule] ?? alert.rule), cell(number(alert.value, 2), 'number'), cell(alert.detail))));
    if (view.openAlerts.length === 0) $('open-alerts').tBodies[0].append(row({ class: 'empty' }, cell('no open alert')));
    $('cleared-alerts').tBodies[0].replaceChildren(...view.clearedAlerts.map((alert) =>
      row({ 'data-alert': alert.alertId }, cell(alert.raisedAt), cell(alert.clearedAt), cell(`Sensor ${alert.sensorId}`), cell(ruleText[alert.rule] ?? alert.rule))));
    markCards(view.openAlerts);
  }

  // The cards are dashboard.js's; a badge per open alert is added to, or removed from, each.
  function markCards(open) {
    const bySensor = new Map();
    for (const alert of open) bySensor.set(alert.sensorId, [...(bySensor.get(alert.sensorId) ?? []), alert]);
    for (const card of document.querySelectorAll('.sensor[data-sensor]')) {
      const alerts = bySensor.get(Number(card.dataset.sensor)) ?? [];
      let badges = card.querySelector('.alert-badges');
      if (!badges) {
        badges = document.createElement('div');
        badges.className = 'alert-badges';
        card.querySelector('.values')?.after(badges);
      }
      badges.replaceChildren(...alerts.map((alert) => {
        const badge = document.createElement('span');
        badge.className = 'alert-badge';
        badge.dataset.rule = alert.rule;
        badge.title = alert.detail;
        badge.textContent = ruleText[alert.rule] ?? alert.rule;
        return badge;
      }));
      card.classList.toggle('alerting', alerts.length > 0);
    }
  }

  function showWindows(view) {
    $('watermark').textContent = view.watermark ?? '–';
    $('late-total').textContent = String(view.late);
    const sensors = new Set([...view.windows.map((window) => window.sensorId), ...Object.keys(view.lateBySensor).map(Number)]);
    const windows = new Map(view.windows.map((window) => [window.sensorId, window]));
    $('windows').tBodies[0].replaceChildren(...[...sensors].sort((a, b) => a - b).map((sensorId) => {
      const window = windows.get(sensorId);
      return row({ 'data-sensor': String(sensorId) }, cell(`Sensor ${sensorId}`),
        cell(window ? `${window.windowStart} – ${window.windowEnd.slice(11)}` : '–'),
        cell(window ? String(window.readings) : '–', 'number'), cell(number(window?.temperatureAvg), 'number'), cell(number(window?.humidityAvg), 'number'),
        cell(String(view.lateBySensor[sensorId] ?? 0), 'number'));
    }));
  }

  async function poll() {
    try {
      const response = await fetch('/api/stream-outputs', { cache: 'no-store' });
      if (response.ok) {
        const view = await response.json();
        showAlerts(view);
        showWindows(view);
      }
    } catch {
      // The dashboard is restarting: the next poll catches up.
    }
    setTimeout(poll, pollMs);
  }

  poll();
})();
